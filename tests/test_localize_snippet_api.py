"""wagtail-localize's snippet API (used by its translation editor) offers only translatable
snippets, to users with a permission on them: applications are not listed there, and no
staff user gets a server error."""

from django.contrib.auth.models import Group
from django.test import Client

import pytest

from forms.models import ApplicationSubmission, Municipality
from tests.factories import (
    ApplicationFormPageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)

API = "/admin/localize/api/snippets/"
GROUPS = {
    "editor": ["Redaktører"],
    "moderator": ["Moderatorer"],
    "editor_reviewer": ["Redaktører", "Søknadsbehandlere"],
    "reviewer": ["Søknadsbehandlere"],
    "superuser": [],
}


@pytest.fixture
def application(home_page):
    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home_page))
    return ApplicationSubmission.objects.create(
        page=ApplicationFormPageFactory(parent=program),
        reference="VKU-2026-0042",
        municipality=Municipality.objects.get(number="4601"),
        form_data={},
        field_labels=[],
    )


@pytest.mark.parametrize("role", ["anonymous", *GROUPS])
def test_localize_snippet_api_offers_no_untranslatable_model(django_user_model, application, role):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        user = django_user_model.objects.create_user(
            role, password="x", is_superuser=role == "superuser"
        )
        for name in GROUPS[role]:
            user.groups.add(Group.objects.get(name=name))
        client.force_login(user)
    for url in [
        f"{API}forms/applicationsubmission/",
        f"{API}forms/applicationsubmission/?limit=500",
        f"{API}forms/applicationsubmission/{application.pk}/",
        f"{API}forms/applicationsubmission/abc/",
        f"{API}forms/nomodel/",
        f"{API}nope/nope/1/",
        f"{API}wagtailcore/page/",
        f"{API}auth/user/",
    ]:
        response = client.get(url)
        assert b"VKU-2026-0042" not in response.content, url
        if role == "anonymous":
            assert response.status_code == 302, url
        else:
            assert response.status_code == 404, url
