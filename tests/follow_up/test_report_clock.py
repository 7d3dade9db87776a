"""The report's reminders by the clock (issue 18, item 2): the reminder on the Oslo day
`report_reminder_days` before the due date, the overdue notice `report_overdue_days` after
it, each once, to the granted application's address; none once the report is in.

The report form is due 1 December 2026 (conftest), reminders 14 days before (17 November)
and 7 days after (8 December)."""

import datetime

from django.core import mail

import pytest

from forms.models import GrantFollowUp, ReportStatus
from forms.reports import queue_due_report_reminders
from tests.conftest import oslo
from tests.follow_up.report_helpers import link_path
from website import outgoing_mail

pytestmark = pytest.mark.django_db

ADDRESS = "kari@bergen.kommune.no"


@pytest.fixture
def granted(granted_application_with_report):
    return granted_application_with_report


def run_at(clock, moment, capture):
    """The daily command's step at `moment`: what it queued, and the mails that went."""
    clock(moment)
    mail.outbox.clear()
    with capture(execute=True):
        # In UTC, as the daily command has it: the Oslo day is the code's to find.
        queued = queue_due_report_reminders(moment.astimezone(datetime.UTC))
    return queued, [m for m in mail.outbox if m.to == [ADDRESS]]


def follow_up(granted):
    return GrantFollowUp.objects.get(submission=granted)


def test_the_reminder_goes_on_its_oslo_day_once(granted, clock, django_capture_on_commit_callbacks):
    assert follow_up(granted).report_status == ReportStatus.MISSING
    # 16 November 23.59 in Oslo: the day before (UTC says 22.59 the same day).
    assert run_at(clock, oslo(2026, 11, 16, 23, 59), django_capture_on_commit_callbacks) == (
        0,
        [],
    )
    # 17 November 00.05 in Oslo is still 16 November in UTC: the reminder goes.
    queued, sent = run_at(clock, oslo(2026, 11, 17, 0, 5), django_capture_on_commit_callbacks)
    assert queued == 1 and len(sent) == 1
    assert "Påminnelse: rapport for VKU-2026-0001" in sent[0].subject
    assert "1. desember 2026" in sent[0].body
    assert link_path(granted) in sent[0].body
    assert follow_up(granted).report_reminder_sent_at is not None
    # Once: the next day's run sends nothing more.
    assert run_at(clock, oslo(2026, 11, 18, 9), django_capture_on_commit_callbacks) == (0, [])


def test_the_overdue_notice_goes_after_the_due_date_once(
    granted, clock, django_capture_on_commit_callbacks
):
    # On the due date and up to the day before the notice: no notice.
    assert run_at(clock, oslo(2026, 12, 7, 23, 59), django_capture_on_commit_callbacks)[0] == 0
    queued, sent = run_at(clock, oslo(2026, 12, 8, 0, 30), django_capture_on_commit_callbacks)
    # Only the notice: the reminder's days ended with the due date.
    assert queued == 1 and len(sent) == 1
    assert "mangler" in sent[0].subject
    assert "Fristen for rapporten var 1. desember 2026" in sent[0].body
    assert follow_up(granted).report_overdue_sent_at is not None
    assert follow_up(granted).report_reminder_sent_at is None
    assert run_at(clock, oslo(2026, 12, 20), django_capture_on_commit_callbacks) == (0, [])


def test_none_goes_once_the_report_is_delivered(granted, clock, django_capture_on_commit_callbacks):
    GrantFollowUp.objects.filter(submission=granted).update(report_status=ReportStatus.DELIVERED)
    for moment in (oslo(2026, 11, 17, 12), oslo(2026, 12, 9, 12)):
        assert run_at(clock, moment, django_capture_on_commit_callbacks) == (0, [])


def test_none_goes_for_an_anonymised_grant(granted, clock, django_capture_on_commit_callbacks):
    granted.anonymised_at = oslo(2026, 11, 1)
    granted.save(update_fields=["anonymised_at"])
    assert run_at(clock, oslo(2026, 11, 17, 12), django_capture_on_commit_callbacks)[0] == 0


def test_the_retry_of_queued_mail_sends_no_reminder_early(granted, clock):
    clock(oslo(2026, 11, 16, 12))
    assert outgoing_mail.send_pending(["report_reminder", "report_overdue"]) == (0, 0)
    clock(oslo(2026, 11, 17, 12))
    assert outgoing_mail.send_pending(["report_reminder", "report_overdue"]) == (1, 0)
    assert outgoing_mail.send_pending(["report_reminder", "report_overdue"]) == (0, 0)


def test_no_reminder_when_the_form_says_zero_days(
    granted, report_form, clock, django_capture_on_commit_callbacks
):
    report_form.report_reminder_days = 0
    report_form.report_overdue_days = 0
    report_form.save_revision().publish()
    # Not even on the due date itself, nor on the day after.
    for moment in (oslo(2026, 11, 30, 12), oslo(2026, 12, 1, 12), oslo(2026, 12, 2, 12)):
        assert run_at(clock, moment, django_capture_on_commit_callbacks)[0] == 0
