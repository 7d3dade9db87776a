"""Retention of what follows a grant (issue 18, item 5): anonymising an application blanks who
accepted it (name, role, address, also in its log) and keeps when, the deadline and the
report's status; reports are anonymised on the application form's day, whatever the report
form says; drafts of reports live until the report's due day, not the round's window."""

import datetime

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

import pytest

from applications.retention import apply_retention
from forms.models import ApplicationDraft, ApplicationSubmission, GrantFollowUp
from tests.conftest import oslo
from tests.review.helpers import make_application

# The review tests' program ends 31 December 2027; with 12 months the last day is 2028-12-31.
LAST_DAY = datetime.date(2028, 12, 31)
ACCEPTED_AT = oslo(2026, 5, 10, 14, 5)
DELIVERED_AT = oslo(2026, 11, 20, 10)


@pytest.fixture
def accepted(granted_application_with_report):
    application = granted_application_with_report
    GrantFollowUp.objects.filter(submission=application).update(
        accepted_at=ACCEPTED_AT,
        accepted_name="Ola Nordmann",
        accepted_role="Kommunalsjef",
        accepted_from="10.1.2.3",
        report_status="levert",
        report_delivered_at=DELIVERED_AT,
    )
    log(application, "forms.application.accepted", data={"name": "Ola Nordmann", "role": "Sjef"})
    return application


@pytest.fixture
def report(accepted, report_form):
    return make_application(
        report_form,
        901,
        report_for=accepted,
        contact_name="Kari Rapport",
    )


def test_the_acceptance_loses_who_and_keeps_when(accepted, report):
    assert not apply_retention(today=LAST_DAY).acceptances  # not before the day after
    result = apply_retention(today=LAST_DAY + datetime.timedelta(days=1))
    follow_up = GrantFollowUp.objects.get(submission=accepted)
    assert (follow_up.accepted_name, follow_up.accepted_role, follow_up.accepted_from) == (
        "",
        "",
        None,
    )
    assert follow_up.accepted_at == ACCEPTED_AT
    assert follow_up.report_status == "levert" and follow_up.report_delivered_at == DELIVERED_AT
    assert follow_up.acceptance_deadline is not None and follow_up.letter_date
    entry = ModelLogEntry.objects.for_instance(accepted).get(action="forms.application.accepted")
    assert entry.data == {"name": "", "role": ""}
    assert result.acceptances == 1 and result.applications == 1 and result.reports == 1
    lines = list(result.lines())
    assert "1 rapporter anonymisert, 1 aksepter anonymisert." in lines
    # Once is enough: a second run finds nothing left to blank.
    again = apply_retention(today=LAST_DAY + datetime.timedelta(days=2))
    assert (again.acceptances, again.applications, again.reports) == (0, 0, 0)


def test_reports_go_on_the_application_forms_day(accepted, report, report_form):
    # The report form says 60 months; its reports still go with the applications.
    report_form.retention_months = 60
    report_form.save_revision().publish()
    apply_retention(today=LAST_DAY)
    report.refresh_from_db()
    assert report.anonymised_at is None and report.contact_name == "Kari Rapport"
    result = apply_retention(today=LAST_DAY + datetime.timedelta(days=1))
    report.refresh_from_db()
    assert report.anonymised_at is not None and report.contact_name == ""
    assert report.form_data == {} and report.status_link_revoked
    # What the statistics need stays: which grant it reports on.
    assert report.report_for_id == accepted.pk
    assert (result.applications, result.reports) == (1, 1)
    assert any(line.startswith("  Rapport: 1 søknader") for line in result.lines())


def test_a_shorter_report_form_does_not_keep_its_reports_shorter(report, report_form):
    report_form.retention_months = 1
    report_form.save_revision().publish()
    apply_retention(today=datetime.date(2028, 6, 1))
    report.refresh_from_db()
    assert report.anonymised_at is None


def draft(page, number, granted=None):
    return ApplicationDraft.objects.create(
        page=page, browser_key_hash=f"{number:064d}", report_for=granted
    )


def test_report_drafts_live_until_the_reports_due_day(
    form_page_with_acceptance, report_form, granted_application
):
    application_draft = draft(form_page_with_acceptance, 1)
    report_draft = draft(report_form, 2, granted_application)
    # The round closed 13 April 2026; 30 days on, its drafts go, the report's stays.
    apply_retention(today=datetime.date(2026, 6, 1))
    assert not ApplicationDraft.objects.filter(pk=application_draft.pk).exists()
    assert ApplicationDraft.objects.filter(pk=report_draft.pk).exists()
    # Due 1 December 2026: 30 days after the end of that day, in Oslo, it goes too.
    apply_retention(today=datetime.date(2026, 12, 31))
    assert ApplicationDraft.objects.filter(pk=report_draft.pk).exists()
    apply_retention(today=datetime.date(2027, 1, 1))
    assert not ApplicationDraft.objects.filter(pk=report_draft.pk).exists()
    assert ApplicationSubmission.objects.filter(pk=granted_application.pk).exists()
