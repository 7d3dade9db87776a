"""Accepting a grant from the status link (forms/acceptance.py): who may, what is recorded,
the errors beside the fields, and that it happens once."""

import datetime

from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory

from wagtail.models import ModelLogEntry

import pytest

from applications.reply_letters import queue_reply_letters
from forms.acceptance import accept, acceptance_context, acceptance_post, may_accept
from forms.models import GrantFollowUp
from forms.status_links import status_url
from tests.conftest import oslo
from tests.follow_up.conftest import CONDITIONS
from tests.review.helpers import make_application

VALID = {"accepted_name": "Ola Nordmann", "accepted_role": "Kommunalsjef", "confirm_accept": "1"}


def post(data, address="192.0.2.7"):
    request = RequestFactory().post("/status/", data, REMOTE_ADDR=address)
    return request


def follow_up_of(application):
    return GrantFollowUp.objects.get(submission=application)


def test_the_grant_letter_starts_the_follow_up_with_its_deadline(granted_application):
    follow_up = follow_up_of(granted_application)
    assert follow_up.letter_date == datetime.date(2026, 5, 4)
    # The end of the 30th day after the letter, in Oslo.
    assert follow_up.acceptance_deadline == oslo(2026, 6, 3, 23, 59, 59, 999999)
    assert follow_up.report_status == ""
    assert may_accept(granted_application)


def test_a_report_form_under_the_form_makes_the_report_missing(granted_application_with_report):
    assert follow_up_of(granted_application_with_report).report_status == "mangler"


def test_other_decisions_start_no_follow_up(form_page_with_acceptance, make_grant):
    rejected = make_application(form_page_with_acceptance, 2, status="avslatt")
    queue_reply_letters([rejected], None)
    assert not GrantFollowUp.objects.filter(submission=rejected).exists()


def test_a_form_asking_no_acceptance_has_no_deadline(form_page, make_grant):
    application = make_grant(form_page, 3)
    assert follow_up_of(application).acceptance_deadline is None
    assert not may_accept(application)
    assert acceptance_context(application, RequestFactory().get("/"))["acceptance"] is None


def test_a_letter_sent_again_keeps_the_deadline(granted_application, clock):
    clock(oslo(2026, 5, 20, 9, 0))
    queue_reply_letters([granted_application], None, resend=True)
    assert follow_up_of(granted_application).acceptance_deadline == oslo(
        2026, 6, 3, 23, 59, 59, 999999
    )


def test_accepting_records_who_when_and_from_where_once(
    granted_application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert acceptance_post(granted_application, post(VALID)) == []
    follow_up = follow_up_of(granted_application)
    assert follow_up.accepted_at == oslo(2026, 5, 4, 10, 0)
    assert (follow_up.accepted_name, follow_up.accepted_role) == ("Ola Nordmann", "Kommunalsjef")
    assert follow_up.accepted_from == "192.0.2.7"
    [receipt] = mail.outbox
    assert receipt.to == ["kari@bergen.kommune.no"]
    assert "VKU-2026-0001" in receipt.subject
    assert "Ola Nordmann (Kommunalsjef)" in receipt.body
    assert "192.0.2.7" not in receipt.body
    [entry] = ModelLogEntry.objects.filter(action="forms.application.accepted")
    assert "192.0.2.7" not in str(entry.data)
    # A second post (double click, back button): nothing more recorded, no second mail.
    with django_capture_on_commit_callbacks(execute=True):
        assert acceptance_post(granted_application, post({**VALID, "accepted_name": "X"})) == []
    # Two posts at once both pass that check: the locked record refuses the second.
    with django_capture_on_commit_callbacks(execute=True):
        assert not accept(granted_application, "X", "Y", "192.0.2.8")
    assert follow_up_of(granted_application).accepted_name == "Ola Nordmann"
    assert len(mail.outbox) == 1
    assert ModelLogEntry.objects.filter(action="forms.application.accepted").count() == 1


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({**VALID, "accepted_name": "  "}, "accepted_name", "Skriv navnet"),
        ({**VALID, "accepted_name": "Ola\nBcc: x@y.no"}, "accepted_name", "én linje"),
        ({**VALID, "accepted_name": "Ola\u2028Nordmann"}, "accepted_name", "én linje"),
        ({**VALID, "accepted_name": "O" * 201}, "accepted_name", "høyst 200 tegn"),
        ({**VALID, "accepted_role": ""}, "accepted_role", "Skriv rollen"),
        ({**VALID, "accepted_role": "R" * 201}, "accepted_role", "høyst 200 tegn"),
        ({**VALID, "confirm_accept": ""}, "confirm_accept", "Kryss av"),
    ],
)
def test_errors_are_given_per_field_and_nothing_is_recorded(
    granted_application, data, field, message
):
    errors = acceptance_post(granted_application, post(data))
    assert [f for f, _ in errors] == [field]
    assert message in errors[0][1]
    assert follow_up_of(granted_application).accepted_at is None


def test_the_box_keeps_what_was_typed_and_marks_the_fields(granted_application):
    request = post({"accepted_name": "Ola Nordmann", "accepted_role": ""})
    errors = acceptance_post(granted_application, request)
    context = {**acceptance_context(granted_application, request), "acceptance_errors": errors}
    html = render_to_string("forms/includes/status_acceptance.html", context, request=request)
    assert 'value="Ola Nordmann"' in html
    assert 'name="handling" value="aksepter"' in html
    assert 'aria-describedby="accepted_role-help accepted_role-error"' in html
    assert 'id="confirm_accept-error"' in html
    assert html.count('aria-invalid="true"') == 2  # role and the checkbox, not the name
    assert CONDITIONS in html
    assert '<legend class="ds-label">' in html and "Aksepter tilsagnet" in html


def test_the_box_says_who_accepted(granted_application):
    acceptance_post(granted_application, post(VALID))
    context = acceptance_context(granted_application, RequestFactory().get("/"))
    html = render_to_string("forms/includes/status_acceptance.html", context)
    assert "Akseptert 4. mai 2026 kl. 10.00 av Ola Nordmann (Kommunalsjef)." in html
    assert "<form" not in html


def test_no_acceptance_before_the_letter_has_gone(form_page_with_acceptance, make_grant):
    application = make_grant(form_page_with_acceptance, 4, letter=False)
    queue_reply_letters([application], None)  # written, not sent
    assert follow_up_of(application).acceptance_deadline is not None
    assert not may_accept(application)
    errors = acceptance_post(application, post(VALID))
    assert errors and errors[0][0] is None
    assert follow_up_of(application).accepted_at is None


@pytest.mark.parametrize(
    "change",
    [
        {"status": "under_behandling"},
        {"status": "trukket"},
        {"status_link_revoked": True},
        {"anonymised_at": oslo(2026, 5, 5, 12, 0)},
    ],
)
def test_no_acceptance_once_the_grant_no_longer_stands(granted_application, change):
    type(granted_application).objects.filter(pk=granted_application.pk).update(**change)
    granted_application.refresh_from_db()
    assert not may_accept(granted_application)
    assert acceptance_post(granted_application, post(VALID))[0][0] is None
    assert follow_up_of(granted_application).accepted_at is None


def test_after_the_deadline_the_applicant_is_told_to_get_in_touch(granted_application, clock):
    clock(oslo(2026, 6, 4, 8, 0))
    [(field, message)] = acceptance_post(granted_application, post(VALID))
    assert field is None
    assert "Fristen for å akseptere tilsagnet gikk ut 3. juni 2026 kl. 23.59" in message
    assert "Kulturskolerådet" in message
    assert follow_up_of(granted_application).accepted_at is None
    context = acceptance_context(granted_application, RequestFactory().get("/"))
    html = render_to_string("forms/includes/status_acceptance.html", context)
    assert "Fristen for aksept gikk ut 3. juni 2026 kl. 23.59" in html
    assert "<form" not in html


def test_accepting_through_the_status_page(
    client, granted_application, django_capture_on_commit_callbacks
):
    url = status_url(granted_application, full=False)
    page = client.get(url)
    assert page["Cache-Control"] == "private, no-store"
    assert 'name="handling" value="aksepter"' in page.content.decode()
    wrong = client.post(url, {"handling": "aksepter", "accepted_name": "Ola Nordmann"})
    html = wrong.content.decode()
    assert wrong.status_code == 200
    assert wrong["Cache-Control"] == "private, no-store"
    assert 'href="#accepted_role"' in html  # the summary links to the field
    assert 'value="Ola Nordmann"' in html
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"handling": "aksepter", **VALID}, REMOTE_ADDR="198.51.100.4")
    assert done.status_code == 302
    assert follow_up_of(granted_application).accepted_from == "198.51.100.4"
    assert len(mail.outbox) == 1
    granted_application.refresh_from_db()
    assert granted_application.status == "innvilget"  # accepting is not withdrawing
    assert "Akseptert 4. mai 2026 kl. 10.00 av Ola Nordmann" in client.get(url).content.decode()
