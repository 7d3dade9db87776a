"""Case handling has one permission, forms.review_application: whoever holds it (by the
group Søknadsbehandlere or given directly) may work applications everywhere; the model's
view permission, or being staff in no group, gives nothing anywhere."""

import json
import re

from django.contrib.auth.models import Permission

import pytest

from forms.models import ApplicationSubmission, Municipality
from forms.permissions import reviewers
from tests.factories import (
    ApplicationFormPageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)
from tests.forms_helpers import attach_pdf

LIST_URL = "/admin/soknader/liste/"
BULK_STATUS = "/admin/bulk/forms/applicationsubmission/change_status/"
OUTREACH_URL = "/admin/soknader/hvem-har-sokt/"
SUBJECT_ACCESS_URL = "/admin/soknader/innsyn/"


def permission(codename):
    app_label, name = codename.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=name)


@pytest.fixture
def staff(django_user_model):
    """Admin users in no group: what each holds is given to the user directly."""

    def user(name, *permissions, **extra):
        user = django_user_model.objects.create_user(
            name, password="x", first_name=name.capitalize(), last_name="Nordmann", **extra
        )
        user.user_permissions.add(
            permission("wagtailadmin.access_admin"), *map(permission, permissions)
        )
        return user

    return {
        "direct_reviewer": user("direkte", "forms.review_application"),
        "view_only": user("leser", "forms.view_applicationsubmission"),
        "no_group": user("ingen"),
        "superuser": user("sjef", is_superuser=True),
    }


@pytest.fixture
def application(home_page):
    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home_page))
    form_page = ApplicationFormPageFactory(parent=program)
    return ApplicationSubmission.objects.create(
        page=form_page,
        form_data={"navn": "Kari"},
        reference="VKU-2026-0001",
        municipality=Municipality.objects.get(number="4601"),
        field_labels=[{"key": "navn", "label": "Navn", "type": "singleline"}],
        contact_name="Kari Nordmann",
        applicant_email="kari@bergen.kommune.no",
    )


@pytest.fixture
def attachment(application):
    return attach_pdf(application)


def admin_menu_urls(client):
    """The URLs in the admin's main menu (the sidebar's props, as Wagtail renders them)."""
    page = client.get("/admin/").content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S)
    return set(re.findall(r'"url": "([^"]*)"', props.group(1)))


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def refused(response):
    """Refused, with nothing of the application shown: the admin turns a 403 into a redirect
    to the dashboard (with a message), or answers 403."""
    redirected = response.status_code == 302 and response["Location"] == "/admin/"
    return (response.status_code == 403 or redirected) and b"VKU-2026-0001" not in body(response)


ROLES = [("direct_reviewer", True), ("superuser", True), ("view_only", False), ("no_group", False)]


@pytest.mark.parametrize(("who", "allowed"), ROLES)
def test_the_review_permission_alone_opens_case_handling(
    client, staff, application, attachment, who, allowed
):
    client.force_login(staff[who])
    assert (LIST_URL in admin_menu_urls(client)) is allowed
    dashboard = client.get("/admin/").content.decode()
    assert ("Hvem har søkt?" in dashboard) is allowed  # the reviewers' dashboard panel

    pages = [
        LIST_URL,
        f"{LIST_URL}inspect/{application.pk}/",
        f"/admin/soknader/vedlegg/{attachment.pk}/",
        OUTREACH_URL,
        f"{OUTREACH_URL}?export=csv",
        SUBJECT_ACCESS_URL,
    ]
    for url in pages:
        response = client.get(url)
        assert (response.status_code == 200) if allowed else refused(response), url
    assert (b"%PDF-1.4" in body(client.get(f"/admin/soknader/vedlegg/{attachment.pk}/"))) is allowed

    response = client.post(SUBJECT_ACCESS_URL, {"email": "kari@bergen.kommune.no"})
    assert (response.status_code == 200) if allowed else refused(response)
    if allowed:
        assert json.loads(response.content)["søknader"][0]["referanse"] == "VKU-2026-0001"

    response = client.post(f"{LIST_URL}{application.pk}/status/", {"status": "under_behandling"})
    assert (response.status_code == 302) if allowed else refused(response)
    application.refresh_from_db()
    assert (application.status == "under_behandling") is allowed

    response = client.post(
        f"{BULK_STATUS}?id={application.pk}&next={LIST_URL}", {"status": "avslatt"}
    )
    assert (response.status_code == 302) if allowed else refused(response)
    application.refresh_from_db()
    assert (application.status == "avslatt") is allowed


def test_a_directly_given_permission_makes_an_assignable_reviewer(client, staff, application):
    direct = staff["direct_reviewer"]
    assert list(reviewers()) == [direct]  # neither the view permission nor superusers
    client.force_login(direct)
    inspect = client.get(f"{LIST_URL}inspect/{application.pk}/").content.decode()
    assert f'<option value="{direct.pk}">Direkte Nordmann</option>' in inspect
    client.post(f"{LIST_URL}{application.pk}/tildel/", {"assigned_to": direct.pk})
    application.refresh_from_db()
    assert application.assigned_to == direct
    # One who may not review is no choice.
    response = client.post(
        f"{LIST_URL}{application.pk}/tildel/", {"assigned_to": staff["view_only"].pk}
    )
    application.refresh_from_db()
    assert application.assigned_to == direct
    assert response.status_code == 302


def test_an_inactive_reviewer_has_no_access(client, staff, application):
    direct = staff["direct_reviewer"]
    direct.is_active = False
    direct.save()
    client.force_login(direct)
    assert client.get(LIST_URL).status_code in (302, 403)
    assert direct not in reviewers()
