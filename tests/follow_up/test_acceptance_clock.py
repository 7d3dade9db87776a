"""The acceptance's clock, in Oslo time: the deadline's last minute, the reminder sent once
on its day, the lapse marked after the deadline (never before, never a new decision), and
deadlines across the changes to and from summer time."""

import datetime

from django.core import mail
from django.core.management import call_command

from wagtail.models import ModelLogEntry

import pytest

from forms.acceptance import (
    accept,
    mark_not_accepted,
    may_accept,
    queue_due_acceptance_reminders,
)
from forms.models import GrantFollowUp
from tests.conftest import oslo
from website import outgoing_mail


def follow_up_of(application):
    return GrantFollowUp.objects.get(submission=application)


def test_the_last_minute_of_the_deadline_day_is_in_time(granted_application, clock):
    clock(oslo(2026, 6, 3, 23, 59, 59))
    assert may_accept(granted_application)
    clock(oslo(2026, 6, 4, 0, 0))
    assert not may_accept(granted_application)
    assert not accept(granted_application, "Ola", "Rådmann", "192.0.2.1")


@pytest.mark.parametrize(
    "letter_at, last_day, offset_hours",
    [
        # 30 days after 1 October: 31 October, after summer time ended (25 October).
        (oslo(2026, 10, 1, 12, 0), (2026, 10, 31), 1),
        # 30 days after 1 March: 31 March, after summer time began (28 March).
        (oslo(2027, 3, 1, 12, 0), (2027, 3, 31), 2),
    ],
)
def test_a_deadline_across_the_change_of_time_ends_at_midnight_in_oslo(
    form_page_with_acceptance,
    make_grant,
    send_grant_letter,
    clock,
    letter_at,
    last_day,
    offset_hours,
):
    application = send_grant_letter(
        make_grant(form_page_with_acceptance, 5, letter=False), letter_at
    )
    deadline = follow_up_of(application).acceptance_deadline
    assert deadline == oslo(*last_day, 23, 59, 59, 999999)
    assert oslo(*last_day, 23, 59).utcoffset().total_seconds() == offset_hours * 3600
    clock(oslo(*last_day, 23, 59))
    assert may_accept(application)
    clock(oslo(*last_day, 23, 59) + datetime.timedelta(minutes=1))
    assert not may_accept(application)


def run_reminders(now, capture):
    with capture(execute=True):
        return queue_due_acceptance_reminders(now)


def test_the_reminder_goes_once_on_its_day_in_oslo(
    granted_application, clock, django_capture_on_commit_callbacks
):
    # The deadline is 3 June; 7 days before is 27 May's first minute in Oslo, which is
    # still 26 May in UTC.
    for moment in (oslo(2026, 5, 20, 12, 0), oslo(2026, 5, 26, 23, 59)):
        clock(moment)
        assert run_reminders(moment, django_capture_on_commit_callbacks) == 0
        assert outgoing_mail.send_pending(["acceptance_reminder"]) == (0, 0)
    clock(oslo(2026, 5, 27, 0, 1))
    assert run_reminders(oslo(2026, 5, 27, 0, 1), django_capture_on_commit_callbacks) == 1
    [reminder] = mail.outbox
    assert reminder.to == ["kari@bergen.kommune.no"]
    assert "3. juni 2026" in reminder.subject
    assert "/status/" in reminder.body or "http" in reminder.body
    assert follow_up_of(granted_application).acceptance_reminder_sent_at is not None
    # The next days, and the retry, send nothing more.
    clock(oslo(2026, 5, 28, 6, 0))
    assert run_reminders(oslo(2026, 5, 28, 6, 0), django_capture_on_commit_callbacks) == 0
    assert outgoing_mail.send_pending(["acceptance_reminder"]) == (0, 0)
    assert len(mail.outbox) == 1


def test_no_reminder_once_accepted_or_when_the_form_asks_none(
    granted_application, form_page_with_acceptance, clock, django_capture_on_commit_callbacks
):
    accept(granted_application, "Ola", "Rådmann", "192.0.2.1")
    clock(oslo(2026, 5, 30, 12, 0))
    assert run_reminders(oslo(2026, 5, 30, 12, 0), django_capture_on_commit_callbacks) == 0
    GrantFollowUp.objects.update(accepted_at=None)
    form_page_with_acceptance.acceptance_reminder_days = 0
    form_page_with_acceptance.save()
    assert run_reminders(oslo(2026, 5, 30, 12, 0), django_capture_on_commit_callbacks) == 0


def test_the_lapse_is_marked_after_the_deadline_and_never_changes_the_decision(
    granted_application, form_page_with_acceptance, make_grant, clock
):
    accepted = make_grant(form_page_with_acceptance, 2, municipality="0301")
    accept(accepted, "Kari", "Rådmann", "192.0.2.1")
    assert mark_not_accepted(oslo(2026, 6, 3, 23, 59, 59)) == 0
    assert mark_not_accepted(oslo(2026, 6, 4, 0, 0)) == 1
    follow_up = follow_up_of(granted_application)
    assert follow_up.not_accepted_at == oslo(2026, 6, 4, 0, 0)
    assert follow_up.acceptance_state == "ikke_akseptert"
    granted_application.refresh_from_db()
    assert granted_application.status == "innvilget"
    assert follow_up_of(accepted).not_accepted_at is None
    assert ModelLogEntry.objects.filter(action="forms.application.not_accepted").count() == 1
    assert mark_not_accepted(oslo(2026, 6, 5, 0, 0)) == 0  # once


def test_the_daily_command_marks_and_reminds(granted_application, clock, capsys):
    clock(oslo(2026, 6, 4, 6, 15))
    call_command("send_follow_up_reminders")
    out = capsys.readouterr().out
    assert "Merket ikke akseptert: 1" in out
    assert "Påminnelser om aksept lagt i køen: 0" in out
    assert follow_up_of(granted_application).not_accepted_at is not None


def test_the_mails_are_in_the_language_of_the_application(
    form_page_with_acceptance, make_grant, clock, django_capture_on_commit_callbacks
):
    english = make_grant(form_page_with_acceptance, 6, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        accept(english, "Ola Nordmann", "Head of culture", "192.0.2.1")
    clock(oslo(2026, 5, 30, 12, 0))
    GrantFollowUp.objects.filter(submission=english).update(accepted_at=None)
    assert run_reminders(oslo(2026, 5, 30, 12, 0), django_capture_on_commit_callbacks) == 1
    receipt, reminder = mail.outbox
    # The dates as English writes them: the mails were written in the applicant's language.
    assert "4 May 2026" in receipt.body and "mai" not in receipt.body
    assert "3 June 2026" in reminder.subject
