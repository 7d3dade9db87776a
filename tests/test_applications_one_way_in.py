"""Applications have one way in, «Søknader», and leave only by retention: Wagtail's own form
submission views, its snippet chooser, bulk actions, reports and the page editor show no
reference, count or time of an application to those without the review permission, and
nobody lists, exports or deletes applications through them."""

import re

from django.contrib.auth.models import Group

from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.contrib.forms.utils import get_forms_for_user
from wagtail.models import ModelLogEntry

import pytest

from forms.models import ApplicationSubmission, Municipality
from tests.factories import (
    ApplicationFormPageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)
from tests.forms_helpers import attach_pdf

REFERENCE = "VKU-2026-0042"  # not the example in the prefix field's help text
ROLES = [
    "anonymous",
    "editor",
    "moderator",
    "outside_assessor",
    "editor_reviewer",
    "reviewer",
    "superuser",
]
MAY_REVIEW = {"editor_reviewer", "reviewer", "superuser"}
LIST_URL = "/admin/soknader/liste/"


@pytest.fixture
def form_page(home_page):
    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home_page))
    return ApplicationFormPageFactory(parent=program)


def make_application(form_page, number=42, **fields):
    return ApplicationSubmission.objects.create(
        page=form_page,
        form_data={"navn": "Kari Nordmann"},
        reference=f"VKU-2026-{number:04d}",
        municipality=Municipality.objects.get(number="4601"),
        field_labels=[{"key": "navn", "label": "Navn", "type": "singleline"}],
        contact_name="Kari Nordmann",
        applicant_email="kari@bergen.kommune.no",
        **fields,
    )


@pytest.fixture
def application(form_page):
    return make_application(form_page)


@pytest.fixture
def signed_in(client, django_user_model):
    """A client signed in as one of the roles (or not at all)."""

    def sign_in(role):
        if role == "anonymous":
            return client
        groups = {
            "editor": ["Redaktører"],
            "moderator": ["Moderatorer"],
            "outside_assessor": ["Eksterne fagvurderere"],
            "editor_reviewer": ["Redaktører", "Søknadsbehandlere"],
            "reviewer": ["Søknadsbehandlere"],
            "superuser": [],
        }[role]
        user = django_user_model.objects.create_user(
            role, password="x", is_superuser=role == "superuser"
        )
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        client.force_login(user)
        return client

    return sign_in


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def assert_no_application_shown(response, url):
    content = body(response)
    assert response.status_code < 500, url
    assert REFERENCE.encode() not in content, url
    assert b"Kari" not in content, url


# Wagtail's own form submission views (wagtail.contrib.forms)


@pytest.mark.parametrize("role", ROLES)
def test_wagtail_form_submission_views_never_list_export_or_delete_applications(
    signed_in, form_page, application, role
):
    client = signed_in(role)
    base = f"/admin/forms/submissions/{form_page.pk}/"
    for url in [
        base,
        f"{base}?export=csv",
        f"{base}?export=xlsx",
        f"{base}results/",
        f"{base}delete/?selected-submissions={application.pk}",
    ]:
        response = client.get(url)
        assert_no_application_shown(response, url)
        assert response.status_code in (302, 403, 404), url
        if role != "anonymous" and response.status_code == 302:
            # To «Søknader», filtered to this form (which checks who may see it).
            assert response["Location"] == f"{LIST_URL}?page={form_page.pk}", url
    client.post(f"{base}delete/?selected-submissions={application.pk}")
    assert ApplicationSubmission.objects.filter(pk=application.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_wagtails_forms_index_does_not_list_application_forms(
    signed_in, form_page, application, role
):
    """The project's filter_form_submissions_for_user hook keeps application forms out of
    «Skjemaer» (the index shows no answers anyway; it would lead to them)."""
    client = signed_in(role)
    response = client.get("/admin/forms/")
    # Those with no form to show are sent away (Wagtail does that when the hook leaves none).
    assert response.status_code in (200, 302), role
    html = body(response)
    assert f"/admin/forms/submissions/{form_page.pk}/".encode() not in html
    assert form_page.title.encode() not in html


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"anonymous"}))
def test_wagtail_finds_no_application_form_to_show_submissions_of(
    signed_in, form_page, application, role
):
    """Wagtail asks this before every submissions list or export: with the hook, not even a
    superuser gets an application form from it."""
    user = signed_in(role).get("/admin/").wsgi_request.user
    assert user.is_authenticated
    assert form_page.pk not in get_forms_for_user(user).values_list("pk", flat=True)


def test_the_forms_menu_item_is_hidden_when_it_only_leads_to_applications(signed_in, application):
    client = signed_in("superuser")
    menu = client.get("/admin/").content.decode()  # the menu is JSON for the admin's script
    assert '"/admin/forms/"' not in menu
    assert '"/admin/soknader/liste/"' in menu


# The snippet chooser


@pytest.mark.parametrize("role", ROLES)
def test_the_snippet_chooser_lists_no_applications(signed_in, application, role):
    client = signed_in(role)
    base = "/admin/snippets/choose/forms/applicationsubmission/"
    for url in [
        base,
        f"{base}results/",
        f"{base}results/?q=VKU",
        f"{base}?q=Kari",
        f"{base}chosen/{application.pk}/",
        f"{base}chosen-multiple/?id={application.pk}",
    ]:
        response = client.get(url)
        assert_no_application_shown(response, url)
        assert response.status_code in (302, 404), url


# Bulk actions: every one registered for applications, Wagtail's generic ones included


def bulk_action_types():
    return sorted(
        action.action_type
        for action in bulk_action_registry.get_bulk_actions_for_model(
            "forms", "applicationsubmission"
        )
    )


def test_every_bulk_action_for_applications_is_in_the_matrix():
    assert bulk_action_types() == [
        "assign",
        "assign-assessors",
        "change_status",
        "delete",
        "export",
        "send_reply_letters",
    ]


@pytest.mark.parametrize(
    "action",
    ["assign", "assign-assessors", "change_status", "delete", "export", "send_reply_letters"],
)
@pytest.mark.parametrize("role", ROLES)
def test_bulk_action_pages_show_no_references_without_the_review_permission(
    signed_in, application, role, action
):
    client = signed_in(role)
    url = f"/admin/bulk/forms/applicationsubmission/{action}/?id={application.pk}"
    response = client.get(url)
    if role in MAY_REVIEW and action != "delete":
        assert response.status_code == 200
        assert REFERENCE.encode() in response.content
    else:
        assert_no_application_shown(response, url)
        assert response.status_code in (302, 403), url
    client.post(url, {"status": "under_behandling", "assigned_to": ""})
    application.refresh_from_db()
    assert ApplicationSubmission.objects.filter(pk=application.pk).exists()
    if role not in MAY_REVIEW:
        assert application.status == "mottatt"


# The page editor, reports, search, usage and the dashboard


@pytest.mark.parametrize("role", ROLES)
def test_the_page_editor_shows_no_application_count_time_or_reference(
    signed_in, form_page, application, role
):
    client = signed_in(role)
    response = client.get(f"/admin/pages/{form_page.pk}/edit/")
    assert_no_application_shown(response, "editor")
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code in (200, 302)
    html = response.content.decode()
    assert "/admin/forms/submissions/" not in html
    assert not re.search(r"\b1 (innsending|søknad)", html)


@pytest.mark.parametrize("role", ROLES)
def test_reports_search_usage_and_dashboard_show_no_references_without_review_permission(
    signed_in, form_page, application, role
):
    from wagtail.log_actions import log

    log(application, "forms.application.note", data={"note": 1})
    client = signed_in(role)
    urls = [
        "/admin/",
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
        "/admin/search/?q=VKU",
        f"/admin/pages/{form_page.pk}/usage/",
        f"/admin/pages/{form_page.pk}/history/",
        f"{LIST_URL}usage/{application.pk}/",
        f"{LIST_URL}history/{application.pk}/",
        "/admin/reports/aging-pages/",
    ]
    for url in urls:
        response = client.get(url)
        if role in MAY_REVIEW:
            assert response.status_code < 500, url
        else:
            assert_no_application_shown(response, url)


# Removing an application, whichever way


@pytest.fixture
def with_attachment(application):
    return attach_pdf(application)


@pytest.mark.parametrize("how", ["instance", "queryset"])
def test_removing_an_application_deletes_its_files_and_is_logged_without_personal_data(
    application, with_attachment, django_capture_on_commit_callbacks, how
):
    from wagtail.log_actions import log

    storage, name = with_attachment.file.storage, with_attachment.file.name
    pk = application.pk
    log(
        application,
        "forms.application.reply_sent",
        data={"decision": "innvilget", "recipient": "kari@bergen.kommune.no"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        if how == "instance":
            application.delete()
        else:
            ApplicationSubmission.objects.filter(pk=pk).delete()
    assert not storage.exists(name)
    entries = ModelLogEntry.objects.filter(object_id=str(pk))
    removed = entries.get(action="forms.application.delete")
    assert removed.data["reference"] == REFERENCE
    assert removed.data["form"] == application.page.title
    for entry in entries:
        text = f"{entry.data} {entry.label} {entry.message}"
        assert "kari@" not in text and "Kari" not in text, entry.action


def test_a_rolled_back_removal_keeps_the_attachment_file(
    application, with_attachment, django_capture_on_commit_callbacks
):
    from django.db import transaction

    storage, name = with_attachment.file.storage, with_attachment.file.name
    pk = application.pk
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                application.delete()
                raise RuntimeError
        except RuntimeError:
            pass
    assert storage.exists(name)
    assert ApplicationSubmission.objects.filter(pk=pk).exists()


def test_a_removal_through_wagtails_delete_view_cannot_happen(
    signed_in, form_page, application, with_attachment
):
    client = signed_in("superuser")
    client.post(
        f"/admin/forms/submissions/{form_page.pk}/delete/?selected-submissions={application.pk}"
    )
    assert ApplicationSubmission.objects.filter(pk=application.pk).exists()
    assert with_attachment.file.storage.exists(with_attachment.file.name)
