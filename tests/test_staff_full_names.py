"""Staff see each other by full name, not user name: in «Søknader» (listing, filter,
assignment choices, notes, history, reply letters, CSV and XLSX exports) and in Wagtail's
own page history, site history, workflow and page reports. A person with no name set is
shown by user name."""

import io
import re

from django.contrib.auth.models import Group

from wagtail.models import Workflow

import pytest

from forms.models import ApplicationNote
from tests.factories import (
    ApplicationFormPageFactory,
    ContentPageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)
from tests.review.helpers import LIST_URL, bulk_url, exported_csv, make_application
from tests.text import visible_text

REVIEWER_LOGIN = "kbehandler7"
REVIEWER_NAME = "Kari Behandlersen"
CHIEF_LOGIN = "osjef7"
CHIEF_NAME = "Ola Sjefsen"
NAMELESS_LOGIN = "uten-navn7"
PEOPLE = {REVIEWER_NAME, CHIEF_NAME, NAMELESS_LOGIN}


@pytest.fixture
def form_page(home_page):
    program = ProgramPageFactory(parent=ProgramIndexPageFactory(parent=home_page))
    return ApplicationFormPageFactory(parent=program)


@pytest.fixture
def staff(django_user_model):
    def member(username, first, last, *groups, **extra):
        user = django_user_model.objects.create_user(
            username, password="x", first_name=first, last_name=last, **extra
        )
        user.groups.add(*Group.objects.filter(name__in=groups))
        return user

    return {
        "reviewer": member(REVIEWER_LOGIN, "Kari", "Behandlersen", "Søknadsbehandlere"),
        "nameless": member(NAMELESS_LOGIN, "", "", "Søknadsbehandlere"),
        "chief": member(
            CHIEF_LOGIN, "Ola", "Sjefsen", "Søknadsbehandlere", "Moderatorer", is_superuser=True
        ),
    }


def text_of(response):
    assert response.status_code == 200
    return visible_text(response.content.decode())


def option_labels(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_application_page_names_the_people(client, staff, form_page):
    application = make_application(form_page, 1, status="innvilget")
    client.force_login(staff["chief"])
    client.post(f"{LIST_URL}{application.pk}/tildel/", {"assigned_to": staff["reviewer"].pk})
    ApplicationNote.objects.create(submission=application, author=staff["reviewer"], text="Ok.")

    page = client.get(f"{LIST_URL}inspect/{application.pk}/").content.decode()
    text = visible_text(page)
    assert f"Saksbehandler {REVIEWER_NAME}" in text  # the summary
    assert f"{REVIEWER_NAME}," in text  # the note's author
    assert f"Tildelt {REVIEWER_NAME}" in text  # the history
    assert f"{CHIEF_NAME}: Tildelt" in text  # who did it
    # The assignment choices: by name; a person without a name by user name.
    assert set(option_labels(page, "assigned_to")) == {"Ingen", *PEOPLE}
    assert REVIEWER_LOGIN not in text and CHIEF_LOGIN not in text


def test_the_listing_and_its_filter_name_the_reviewer(client, staff, form_page):
    make_application(form_page, 1, assigned_to=staff["reviewer"])
    make_application(form_page, 2, assigned_to=staff["nameless"])
    client.force_login(staff["chief"])
    page = client.get(LIST_URL).content.decode()
    text = visible_text(page)
    assert REVIEWER_NAME in text and NAMELESS_LOGIN in text
    assert REVIEWER_LOGIN not in text
    assert REVIEWER_NAME in option_labels(page, "assigned_to")


def test_the_bulk_assignment_offers_names(client, staff, form_page):
    application = make_application(form_page, 1)
    client.force_login(staff["chief"])
    page = client.get(bulk_url("assign", application)).content.decode()
    assert set(option_labels(page, "assigned_to")) == {"Ingen", *PEOPLE}


def test_exports_name_the_reviewer(client, staff, form_page):
    from openpyxl import load_workbook

    make_application(form_page, 1, assigned_to=staff["reviewer"])
    client.force_login(staff["chief"])
    rows = exported_csv(client)
    column = rows[0].index("Saksbehandler")
    assert rows[1][column] == REVIEWER_NAME

    response = client.post(f"{LIST_URL}?export=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[1][rows[0].index("Saksbehandler")] == REVIEWER_NAME


def test_wagtails_own_history_workflow_and_reports_name_the_editor(
    client, staff, home_page, django_user_model
):
    editor = django_user_model.objects.create_user(
        "rredaktor7", password="x", first_name="Rita", last_name="Redaktørsen"
    )
    editor.groups.add(Group.objects.get(name="Redaktører"))
    page = ContentPageFactory(parent=home_page, title="Om oss")
    page.save_revision(user=editor, log_action=True).publish(
        user=editor, skip_permission_checks=True
    )
    page.save_revision(user=editor, log_action=True)
    Workflow.objects.get(name="Moderatorgodkjenning").start(page, editor)
    page.refresh_from_db()
    page.locked, page.locked_by = True, editor
    page.save()

    client.force_login(staff["chief"])
    for url in (
        f"/admin/pages/{page.pk}/history/",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
        "/admin/reports/aging-pages/",
        "/admin/reports/locked/",
        "/admin/",
    ):
        text = text_of(client.get(url))
        assert "Rita Redaktørsen" in text, url
        assert "rredaktor7" not in text, url
