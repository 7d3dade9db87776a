"""Withdrawal from the status page (issue 16 item 9): a confirmation to the applicant and a
notice to the staff by the one mail path, with the privacy rules of the receipt and the
staff notice; the status page and the case handling show it."""

from django.contrib.auth.models import Group
from django.core import mail

from wagtail.models import ModelLogEntry

import pytest

from forms.models import ApplicationSubmission
from forms.status_links import status_url
from tests.forms_helpers import post_application, valid_answers
from tests.text import visible_text
from website import outgoing_mail

STAFF_ADDRESS = "program@kulturskoleradet.no"  # the form page factory's to_address


@pytest.fixture
def application(client, page, keys, committed):
    def send(**overrides):
        with committed():
            post_application(client, page, valid_answers(keys, **overrides))
        mail.outbox.clear()
        submission = ApplicationSubmission.objects.latest("pk")
        return submission, "/" + status_url(submission).split("/", 3)[3]

    return send


def withdraw(client, path, committed):
    with committed():
        return client.post(path, {"confirm_withdraw": "1"})


def mail_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_withdrawal_sends_a_confirmation_and_a_staff_notice(client, application, committed):
    submission, path = application()
    response = withdraw(client, path, committed)
    assert response.status_code == 302 and response["Location"] == path

    submission.refresh_from_db()
    assert submission.status == "trukket" and submission.withdrawn_at is not None
    entry = ModelLogEntry.objects.for_instance(submission).get(action="forms.application.status")
    assert entry.data["by_applicant"] and entry.data["to"] == "trukket" and entry.user is None

    assert len(mail.outbox) == 2
    [confirmation] = mail_to("kari@bergen.kommune.no")
    assert submission.reference in confirmation.subject and "trukket" in confirmation.subject
    assert f"Referansenummer: {submission.reference}" in confirmation.body
    assert "Kommune: Bergen" in confirmation.body and "Trukket:" in confirmation.body
    # No answers in the mail, as in the receipt.
    for answer in ["Kari Nordmann", "profesjonsfellesskap", "+47 55 56 55 60"]:
        assert answer not in confirmation.body

    [notice] = mail_to(STAFF_ADDRESS)
    assert submission.reference in notice.subject
    assert "Skjema: Søknad om deltakelse" in notice.body
    assert f"/admin/soknader/liste/inspect/{submission.pk}/" in notice.body
    # No personal data in the staff notice: reference, form, time, link.
    for personal in ["Kari Nordmann", "kari@bergen.kommune.no", "+47", "Bergen"]:
        assert personal not in notice.subject + notice.body

    assert submission.withdrawal_receipt_sent_at and submission.withdrawal_notice_sent_at

    # The status page says when, and offers no second withdrawal.
    text = visible_text(client.get(path).content.decode())
    assert "Søknaden er trukket." in text and "Trukket " in text
    assert "Trekk søknaden" not in text
    mail.outbox.clear()
    assert withdraw(client, path, committed).status_code == 409
    assert not mail.outbox


def test_without_an_applicant_address_only_the_staff_hear_of_it(
    client, application, committed, page, keys
):
    page.form_fields.filter(clean_name=keys["email"]).update(required=False)
    submission, path = application(email=None)
    withdraw(client, path, committed)
    assert [message.to for message in mail.outbox] == [[STAFF_ADDRESS]]
    # Nothing waits for an address that does not exist, and nothing is marked sent.
    assert not outgoing_mail.kind_named("withdrawal_receipt").pending().exists()
    submission.refresh_from_db()
    assert submission.withdrawal_receipt_sent_at is None
    assert submission.withdrawal_notice_sent_at is not None


def test_a_withdrawal_mail_that_fails_is_recorded_and_sent_by_the_retry(
    client, application, committed, smtp_down
):
    # (The application's own receipt and notice wait too: the server was down all along.)
    submission, path = application()
    back_up = smtp_down
    response = withdraw(client, path, committed)
    assert response.status_code == 302  # stored, whatever the mail server does
    submission.refresh_from_db()
    assert submission.status == "trukket"
    assert submission.withdrawal_receipt_sent_at is None
    assert submission.withdrawal_receipt_error and submission.withdrawal_notice_error

    back_up()
    assert outgoing_mail.send_pending(["withdrawal_receipt", "withdrawal_notice"]) == (2, 0)
    submission.refresh_from_db()
    assert submission.withdrawal_receipt_sent_at and not submission.withdrawal_receipt_error
    # Each goes once.
    assert outgoing_mail.send_pending(["withdrawal_receipt", "withdrawal_notice"]) == (0, 0)


def test_the_case_handling_shows_the_withdrawal(client, application, committed, django_user_model):
    submission, path = application()
    withdraw(client, path, committed)
    reviewer = django_user_model.objects.create_user("behandler", password="x")
    reviewer.groups.add(Group.objects.get(name="Søknadsbehandlere"))
    client.force_login(reviewer)
    page = client.get(f"/admin/soknader/liste/inspect/{submission.pk}/")
    text = visible_text(page.content.decode())
    assert "Status Trukket" in text
    assert "Søkeren trakk søknaden" in text
    assert "Bekreftelsen til søkeren er sendt." in text
    assert "Varselet til de ansatte er sendt." in text
    assert "Søkeren: Status endret fra «Mottatt» til «Trukket»" in text
