"""Bad input to Wagtail's own admin views gets a Norwegian message, never a server error:
integers no database column holds in query strings (SQLite raises OverflowError,
PostgreSQL a DataError), and deleting a page whose application form has applications
(ApplicationSubmission.page is PROTECT)."""

import json

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client

from wagtail.models import Page

import pytest

from forms.models import ApplicationSubmission, Municipality
from tests.factories import (
    ApplicationFormPageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)

HUGE = "99999999999999999999"
ROLES = {"editor": "Redaktører", "moderator": "Moderatorer", "reviewer": "Søknadsbehandlere"}


@pytest.fixture
def form_page(home_page):
    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home_page))
    return ApplicationFormPageFactory(parent=program)


@pytest.fixture
def application(form_page):
    return ApplicationSubmission.objects.create(
        page=form_page,
        reference="VKU-2026-0042",
        form_data={},
        field_labels=[],
        municipality=Municipality.objects.get(number="4601"),
    )


def staff_client(django_user_model, role):
    user = django_user_model.objects.create_user(role, password="x")
    user.groups.add(Group.objects.get(name=ROLES[role]))
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize(
    "url",
    [
        f"/admin/reports/site-history/?user={HUGE}",
        f"/admin/reports/site-history/results/?user={HUGE}",
        f"/admin/pages/?owner={HUGE}",
        "/admin/pages/{home}/?content_type=" + HUGE,
        "/admin/pages/{home}/results/?owner=-" + HUGE,
        "/admin/pages/{home}/history/?user=" + HUGE,
        "/admin/pages/{home}/usage/?p=" + HUGE,
        f"/admin/choose-page/?p={HUGE}",
        f"/admin/bulk/wagtailcore/page/delete/?id={HUGE}",
        f"/admin/bulk/forms/applicationsubmission/change_status/?id={HUGE}.0",
        f"/admin/soknader/liste/?page={HUGE}",
        "/admin/pages/{home}/?owner=" + "9" * 5000,
    ],
)
def test_out_of_range_numbers_in_admin_query_strings_get_a_norwegian_message(
    django_user_model, home_page, url, role
):
    client = staff_client(django_user_model, role)
    response = client.get(url.format(home=home_page.pk))
    assert response.status_code == 400
    assert "Adressen inneholder et tall som er for stort eller for lite" in (
        response.content.decode()
    )


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("offset", [HUGE, "9223372036854775808", "-" + HUGE])
def test_out_of_range_offset_in_the_admin_api_gets_a_norwegian_json_message(
    django_user_model, home_page, role, offset
):
    client = staff_client(django_user_model, role)
    for api in ("pages", "images", "documents"):
        response = client.get(f"/admin/api/main/{api}/?offset={offset}")
        assert response.status_code == 400
        assert "for stort eller for lite" in json.loads(response.content)["message"]
    # Numbers a column holds are the API's own business, as before.
    assert client.get("/admin/api/main/pages/?offset=9223372036854775807").status_code < 500


def test_ordinary_numbers_pass(django_user_model, home_page):
    client = staff_client(django_user_model, "editor")
    assert client.get(f"/admin/pages/{home_page.pk}/?p=1").status_code == 200
    assert client.get("/admin/reports/site-history/?user=9223372036854775807").status_code == 200


# Pages that applications keep


@pytest.fixture
def superuser_client(django_user_model):
    user = django_user_model.objects.create_user("sjef", password="x", is_superuser=True)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def assert_kept_with_message(response, *pages):
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(
        ("ble ikke slettet" in m or "Ingen sider ble slettet" in m)
        and "søknader" in m
        and "lagringstiden" in m
        for m in messages
    ), messages
    for page in pages:
        assert Page.objects.filter(pk=page.pk).exists()


def test_a_page_whose_form_has_applications_is_kept_with_a_message(
    superuser_client, form_page, application
):
    program = form_page.get_parent()
    for page in (program, form_page, program.get_parent()):
        for method in ("get", "post"):
            response = getattr(superuser_client, method)(f"/admin/pages/{page.pk}/delete/")
            assert_kept_with_message(response, page, form_page)


def test_bulk_delete_keeps_pages_whose_forms_have_applications(
    superuser_client, home_page, form_page, application
):
    program = form_page.get_parent()
    index = program.get_parent()
    url = f"/admin/bulk/wagtailcore/page/delete/?id={program.pk}&id={index.pk}&next=/admin/"
    response = superuser_client.post(url, {"confirm_site_name": "Kulturskolerådet"})
    assert_kept_with_message(response, program, index, form_page)


def test_a_page_without_applications_can_still_be_deleted(superuser_client, form_page):
    response = superuser_client.post(f"/admin/pages/{form_page.pk}/delete/")
    assert response.status_code == 302
    assert not Page.objects.filter(pk=form_page.pk).exists()


@pytest.mark.parametrize("ids", ["id=", "id=abc", "id=1&id=%C2%B2", "id=1.5"])
def test_a_bulk_selection_that_names_no_page_gets_a_message(django_user_model, home_page, ids):
    client = staff_client(django_user_model, "moderator")
    for action in ("delete", "publish", "move"):
        response = client.get(f"/admin/bulk/wagtailcore/page/{action}/?{ids}")
        assert response.status_code == 400
        assert "Utvalget i adressen er ugyldig" in response.content.decode()
    assert client.get(f"/admin/bulk/wagtailcore/page/publish/?id={home_page.pk}").status_code < 400
