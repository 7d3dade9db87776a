"""The receipt is no mail relay: anyone can type any address into the form, so the receipt
carries nothing the sender typed, goes to no IP address or localhost, and an address gets
only a few a day. The applicant reads the answers behind the personal status link."""

import io
import logging
import re
import threading

from django.core import mail
from django.core.management import call_command
from django.db import connection

import pytest

from forms.models import ApplicationSubmission
from tests.conftest import oslo
from tests.forms_helpers import build_form, post_application, valid_answers
from tests.text import visible_text

APPLICANT = "kari@bergen.kommune.no"
SPAM = "Kjøp billige klokker på https://spam.example/ – svar til meg@spam.example"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def receipts(address=APPLICANT):
    return [m for m in mail.outbox if [a.lower() for a in m.to] == [address.lower()]]


def status_path(body):
    return "/" + re.search(r"https?://\S+/status/\S+/", body).group(0).split("/", 3)[3]


# What the receipt says


def test_receipt_carries_no_text_typed_by_the_sender(client, form, committed):
    _program, page, keys = form
    with committed():
        post_application(client, page, valid_answers(keys, name=SPAM, why=SPAM))
    (receipt,) = receipts()
    text = receipt.subject + "\n" + receipt.body
    assert "spam" not in text.lower() and "klokker" not in text
    for typed in ["974760673", "+4755565560", "100–500", "Hvorfor søker dere?"]:
        assert typed not in text
    # What it does confirm: reference, program, municipality, reply date, status link.
    assert "Vi har mottatt søknaden din til Veiledning." in receipt.body
    assert "Referansenummer: VKU-2026-0001" in receipt.body
    assert "Kommune: Bergen\n" in receipt.body
    assert "Alle søkere får svar innen 30. april 2026." in receipt.body
    assert "/status/" in receipt.body


def test_status_link_in_the_receipt_shows_the_applicant_their_answers(client, form, committed):
    _program, page, keys = form
    with committed():
        post_application(client, page, valid_answers(keys, why="Vi vil bygge fellesskap."))
    (receipt,) = receipts()
    text = visible_text(client.get(status_path(receipt.body)).content.decode())
    assert "Svarene dine" in text
    assert "Hvorfor søker dere? Vi vil bygge fellesskap." in text
    assert "Navn Kari Nordmann" in text


def test_confirmation_page_shows_the_reference_and_the_status_link(client, form, committed):
    _program, page, keys = form
    with committed():
        response = post_application(client, page, valid_answers(keys))
    html = client.get(response["Location"]).content.decode()
    assert "VKU-2026-0001" in html
    (receipt,) = receipts()
    link = re.search(r"https?://\S+/status/\S+/", receipt.body).group(0)
    assert f'href="{link}"' in html


# Where it may go


@pytest.mark.parametrize(
    "address",
    [
        "kari@[127.0.0.1]",
        "kari@[IPv6:::1]",
        "kari@127.0.0.1",
        "kari@10.0.0.10",
        "kari@localhost",
        "kari@LOCALHOST",
        "kari@mail.localhost",
        "kari@localhost.localdomain",
        "kari@localhost.",
    ],
)
def test_applicant_email_with_ip_or_localhost_domain_is_refused_by_the_field(
    client, form, committed, address
):
    _program, page, keys = form
    with committed():
        response = post_application(client, page, valid_answers(keys, email=address))
    assert response.status_code == 200
    html = response.content.decode()
    error = html.split(f'id="id_{keys["email"]}-feil"')[1].split("</p>")[0]
    assert (
        "Bruk en e-postadresse med et vanlig domenenavn, for eksempel navn@kommune.no. "
        "Adresser til en IP-adresse eller localhost tas ikke imot."
    ) in visible_text(error)
    assert not ApplicationSubmission.objects.exists()
    assert mail.outbox == []


def test_an_ordinary_applicant_email_is_accepted(client, form, committed):
    _program, page, keys = form
    with committed():
        response = post_application(client, page, valid_answers(keys, email="kari@host.no"))
    assert response.status_code == 302
    assert receipts("kari@host.no")


# How many


def test_receipts_per_address_are_limited_per_oslo_day(
    client, form, committed, settings, clock, caplog
):
    settings.APPLICATION_RECEIPTS_PER_ADDRESS_PER_DAY = 2
    _program, page, keys = form
    clock(oslo(2026, 4, 1, 23, 30))
    confirmations = []
    with caplog.at_level(logging.INFO, logger="forms.emails"):
        for number, address in enumerate(
            ["kari@bergen.kommune.no", "KARI@Bergen.Kommune.no", "Kari@bergen.kommune.no"]
        ):
            municipality = ["4601", "0301", "5001"][number]
            with committed():
                response = post_application(
                    client, page, valid_answers(keys, email=address, municipality=municipality)
                )
            assert response.status_code == 302
            confirmations.append(response["Location"])
    first, second, third = ApplicationSubmission.objects.order_by("pk")
    assert first.receipt_sent_at and second.receipt_sent_at
    # The third is stored and announced to staff, but no receipt goes, now or later.
    assert third.receipt_sent_at is None and third.receipt_withheld_at
    assert third.notification_sent_at
    assert len(receipts()) == 2
    assert "Kvittering for VKU-2026-0003 ble holdt tilbake" in caplog.text
    assert "kari" not in caplog.text.lower()  # logged without the address
    call_command("send_queued_mail", stdout=io.StringIO())
    assert len(receipts()) == 2
    # Its confirmation page still gives the reference and the status link.
    html = client.get(confirmations[2]).content.decode()
    assert "VKU-2026-0003" in html and "/status/" in html

    # A new day in Oslo (still 1 April in UTC): receipts go again.
    clock(oslo(2026, 4, 2, 0, 30))
    with committed():
        post_application(client, page, valid_answers(keys, municipality="1103"))
    assert len(receipts()) == 3
    assert ApplicationSubmission.objects.order_by("pk").last().receipt_sent_at


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.postgresql_only(
    reason="Advisory locks are PostgreSQL's; SQLite serialises writers. CI runs it there.",
)
def test_receipts_sent_at_the_same_moment_to_one_address_still_keep_the_limit(home_page, settings):
    from website import outgoing_mail

    settings.APPLICATION_RECEIPTS_PER_ADDRESS_PER_DAY = 1
    _program, page, _keys = build_form(home_page)
    first, second = (
        ApplicationSubmission.objects.create(
            page=page,
            form_data={},
            reference=f"VKU-2026-000{n}",
            applicant_email=address,
        )
        for n, address in [(1, "kari@bergen.kommune.no"), (2, "KARI@bergen.kommune.no")]
    )
    sending, release, sent = threading.Event(), threading.Event(), []

    def slow_mail_server(message):
        sent.append(message.to)
        sending.set()
        release.wait(10)

    def worker(submission):
        try:
            outgoing_mail.send("receipt", submission.pk)
        finally:
            connection.close()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outgoing_mail, "transmit", slow_mail_server)
        one = threading.Thread(target=worker, args=(first,))
        one.start()
        assert sending.wait(10)
        other = threading.Thread(target=worker, args=(second,))
        other.start()
        other.join(1)
        assert other.is_alive()  # waits for the first to be counted
        release.set()
        one.join(10)
        other.join(10)
    assert len(sent) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.receipt_sent_at and second.receipt_withheld_at
