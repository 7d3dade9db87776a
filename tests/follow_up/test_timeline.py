"""The applicant's timeline (issue 18, item 4): each step of the path with its date in Oslo
time and its state, and one sentence on what the municipality must do next."""

import datetime

from django.utils import timezone

import pytest

from applications.retention import RetentionReport, anonymise
from forms.models import GrantFollowUp
from tests.conftest import oslo
from tests.follow_up.conftest import LETTER_SENT
from tests.follow_up.timeline_helpers import move, next_step, timeline
from tests.review.helpers import make_application

IN_REVIEW_AT = oslo(2026, 4, 20, 9, 15)


@pytest.fixture
def received(form_page_with_acceptance, report_form, clock):
    clock(oslo(2026, 4, 13, 23, 30))  # late on the last day: still the 13th in Oslo
    return make_application(form_page_with_acceptance, 1)


def test_received_shows_the_whole_path_ahead(received):
    steps, keys = timeline(received)
    assert keys == ["received", "in_review", "decision", "acceptance", "report"]
    assert steps["received"].state == "done"
    # 21.30 UTC, but the 13th in Oslo, to the second and with its offset.
    assert steps["received"].iso_date == "2026-04-13T23:30:00+02:00"
    assert [steps[k].state for k in keys[1:]] == ["upcoming"] * 4
    assert steps["decision"].date == datetime.date(2026, 4, 30)  # the program's reply date
    assert steps["acceptance"].note == "Gjelder hvis søknaden innvilges."
    assert steps["report"].date == datetime.date(2026, 12, 1)
    assert next_step(received) == (
        "Du trenger ikke gjøre noe nå. Alle søkere får svar innen 30. april 2026."
    )


def test_without_acceptance_or_report_form_the_path_ends_at_the_decision(form_page, clock):
    clock(oslo(2026, 4, 2, 12))
    application = make_application(form_page, 1)
    assert timeline(application)[1] == ["received", "in_review", "decision"]


def test_under_review_dated_from_the_status_log(received, clock):
    move(received, clock, IN_REVIEW_AT, "under_behandling")
    steps, _keys = timeline(received)
    assert steps["in_review"].state == "current"
    assert steps["in_review"].date == IN_REVIEW_AT
    # Back to review after a decision: still the first time it went under review.
    move(received, clock, oslo(2026, 4, 25, 8), "avslatt", "under_behandling")
    assert timeline(received)[0]["in_review"].date == IN_REVIEW_AT


def test_a_decision_is_not_shown_before_its_letter(received, clock):
    move(received, clock, IN_REVIEW_AT, "under_behandling", "innvilget")
    steps, keys = timeline(received)
    assert steps["decision"].state == "upcoming" and "Innvilget" not in steps["decision"].note
    assert steps["in_review"].state == "current"
    assert steps["acceptance"].note == "Gjelder hvis søknaden innvilges."
    assert next_step(received).startswith("Du trenger ikke gjøre noe nå.")


def test_a_rejection_ends_the_path(form_page_with_acceptance, report_form, send_grant_letter):
    application = make_application(form_page_with_acceptance, 2, status="avslatt")
    send_grant_letter(application)
    steps, keys = timeline(application)
    assert keys == ["received", "in_review", "decision"]
    assert steps["decision"].state == "done" and steps["decision"].note == "Avslått"
    assert next_step(application) == "Du trenger ikke gjøre noe mer."


def test_granted_awaits_acceptance_until_the_last_day_in_oslo(granted_application_with_report):
    application = granted_application_with_report
    steps, keys = timeline(application)
    assert keys == ["received", "in_review", "decision", "acceptance", "report"]
    assert steps["decision"].state == "done" and steps["decision"].note == "Innvilget"
    assert timezone.localtime(steps["decision"].date) == LETTER_SENT
    assert steps["acceptance"].state == "current"
    # The end of 3 June in Oslo (21.59 UTC): the day is the 3rd, not the 4th.
    assert steps["acceptance"].iso_date == "2026-06-03T23:59:59+02:00"
    assert steps["report"].state == "upcoming"
    assert next_step(application) == "Kommunen må akseptere tilsagnet innen 3. juni 2026."


def test_after_the_deadline_the_acceptance_has_lapsed(granted_application, clock):
    last_moment = oslo(2026, 6, 3, 23, 59, 59)
    assert "innen 3. juni 2026" in next_step(granted_application, last_moment)
    after = oslo(2026, 6, 4, 0, 0, 1)
    lapsed = "Fristen for å akseptere tilsagnet er gått ut. Ta kontakt med Kulturskolerådet."
    # Before the daily command has marked it, and after.
    assert next_step(granted_application, after) == lapsed
    assert timeline(granted_application, after)[0]["acceptance"].note == (
        "Fristen gikk ut uten aksept."
    )
    GrantFollowUp.objects.filter(submission=granted_application).update(not_accepted_at=after)
    assert next_step(granted_application, last_moment) == lapsed


def accept(application, at):
    GrantFollowUp.objects.filter(submission=application).update(
        accepted_at=at, accepted_name="Ola Nordmann", accepted_role="Kommunalsjef"
    )


def test_accepted_then_the_report_is_next(granted_application_with_report, clock):
    application = granted_application_with_report
    accept(application, oslo(2026, 5, 10, 14, 5))
    steps, _keys = timeline(application)
    assert steps["acceptance"].state == "done" and steps["acceptance"].note == "Akseptert"
    assert steps["acceptance"].iso_date == "2026-05-10T14:05:00+02:00"
    assert steps["report"].state == "current" and steps["report"].date == datetime.date(2026, 12, 1)
    assert next_step(application) == "Lever rapporten innen 1. desember 2026."
    # The due day is the last day, in Oslo.
    assert next_step(application, oslo(2026, 12, 1, 23, 59)) == (
        "Lever rapporten innen 1. desember 2026."
    )
    late = next_step(application, oslo(2026, 12, 2, 0, 1))
    assert late == (
        "Fristen for rapporten var 1. desember 2026. Lever rapporten så snart som mulig."
    )
    assert timeline(application, oslo(2026, 12, 2, 0, 1))[0]["report"].note == (
        "Fristen for rapporten er passert."
    )


def test_report_delivered_then_approved(granted_application_with_report):
    application = granted_application_with_report
    accept(application, oslo(2026, 5, 10, 14, 5))
    delivered = oslo(2026, 11, 20, 10)
    GrantFollowUp.objects.filter(submission=application).update(
        report_status="levert", report_delivered_at=delivered
    )
    step = timeline(application)[0]["report"]
    assert (step.state, step.note, step.date) == ("done", "Rapport levert", delivered)
    assert next_step(application) == (
        "Du trenger ikke gjøre noe nå. Kulturskolerådet går gjennom rapporten."
    )
    approved = oslo(2026, 11, 25, 10)
    GrantFollowUp.objects.filter(submission=application).update(
        report_status="godkjent", report_approved_at=approved
    )
    step = timeline(application)[0]["report"]
    assert (step.state, step.note, step.date) == ("done", "Rapport godkjent", approved)
    assert next_step(application) == "Du trenger ikke gjøre noe mer."


def test_a_grant_without_acceptance_goes_straight_to_the_report(form_page, report_form, make_grant):
    application = make_grant(form_page, 3)
    steps, keys = timeline(application)
    assert keys == ["received", "in_review", "decision", "report"]
    assert steps["report"].state == "current"
    assert next_step(application) == "Lever rapporten innen 1. desember 2026."


def test_withdrawn(received, clock):
    move(received, clock, IN_REVIEW_AT, "under_behandling")
    withdrawn_at = oslo(2026, 4, 22, 7, 45)
    move(received, clock, withdrawn_at, "trukket")
    received.withdrawn_at = withdrawn_at
    received.save(update_fields=["withdrawn_at"])
    steps, keys = timeline(received)
    assert keys == ["received", "in_review", "withdrawn"]
    assert all(step.state == "done" for step in steps.values())
    assert steps["withdrawn"].date == withdrawn_at
    assert next_step(received) == "Søknaden er trukket. Du trenger ikke gjøre noe mer."


def test_an_anonymised_grant_keeps_its_dates(granted_application_with_report):
    application = granted_application_with_report
    accepted_at = oslo(2026, 5, 10, 14, 5)
    accept(application, accepted_at)
    anonymise(application, RetentionReport())
    steps, _keys = timeline(application)
    assert steps["acceptance"].date == accepted_at and steps["acceptance"].state == "done"
    assert "Ola" not in repr(steps)
    assert next_step(application) == "Lever rapporten innen 1. desember 2026."
