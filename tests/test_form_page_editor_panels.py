"""The form page's editor says nothing about applications to those who may not read them;
reviewers get a link to the form's applications in «Søknader»."""

import pytest

from forms.models import ApplicationSubmission, Municipality
from tests.conftest import oslo
from tests.forms_helpers import build_form
from tests.page_editor import edit_url, staff_user
from tests.text import visible_text


@pytest.fixture
def page(home_page, clock):
    clock(oslo(2026, 4, 1, 12, 0))
    page = build_form(home_page)[1]
    ApplicationSubmission.objects.create(
        page=page,
        form_data={},
        reference="VKU-2026-0042",
        municipality=Municipality.objects.get(number="4601"),
    )
    return page


@pytest.fixture
def users(django_user_model):
    return {
        "editor": staff_user(django_user_model, "redaktor", "Redaktører"),
        "moderator": staff_user(django_user_model, "moderator", "Moderatorer"),
        "reviewer_editor": staff_user(
            django_user_model, "behandler", "Søknadsbehandlere", "Redaktører"
        ),
        "reviewer_moderator": staff_user(
            django_user_model, "behandler2", "Søknadsbehandlere", "Moderatorer"
        ),
        "superuser": staff_user(django_user_model, "sjef", is_superuser=True),
    }


def applications_link(page):
    return f'href="/admin/soknader/liste/?page={page.pk}"'


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_form_page_editor_shows_editors_and_moderators_nothing_about_applications(
    client, users, page, who
):
    client.force_login(users[who])
    response = client.get(edit_url(page))
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)
    # Wagtail's FormSubmissionsPanel: «Total submissions 1», «Latest submission …».
    for shown in [
        "Total submissions",
        "Latest submission",
        "Innsendinger totalt",
        "Siste innsending",
        "VKU-2026-0042",
        "1. april 2026",
    ]:
        assert shown not in text
    assert "/admin/forms/submissions/" not in html
    assert applications_link(page) not in html


@pytest.mark.parametrize("who", ["reviewer_editor", "reviewer_moderator", "superuser"])
def test_form_page_editor_links_reviewers_to_the_forms_applications(client, users, page, who):
    client.force_login(users[who])
    html = client.get(edit_url(page)).content.decode()
    assert applications_link(page) in html
    assert "/admin/forms/submissions/" not in html
    # The link lists this form's applications.
    listing = client.get(f"/admin/soknader/liste/?page={page.pk}")
    assert listing.status_code == 200
    assert "VKU-2026-0042" in listing.content.decode()
