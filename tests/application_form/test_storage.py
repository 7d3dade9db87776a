"""A valid application is stored once, with a reference, e-mails and stable answers."""

import io
import logging
from unittest import mock

from django.core import mail
from django.core.management import call_command

from forms.models import ApplicationFormField, ApplicationSubmission
from tests.forms_helpers import form_token, post_application, valid_answers
from tests.text import visible_text

# Success


def test_a_valid_application_is_stored_with_a_reference_and_confirmed(client, page, keys):
    response = post_application(client, page, valid_answers(keys))
    submission = ApplicationSubmission.objects.get()
    assert submission.reference == "VKU-2026-0001"
    assert submission.page_id == page.pk and submission.language == "nb"
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}kvittering/{submission.submission_token.hex}/"
    confirmation = client.get(response["Location"])
    text = visible_text(confirmation.content.decode())
    assert "Søknaden er sendt" in text
    assert "Referansenummer: VKU-2026-0001" in text
    assert "Alle søkere får svar innen 30. april 2026." in text
    # The confirmation shows none of the answers: only the address the receipt went to, so
    # a typo there can be seen (and the status link copied).
    assert "Kvitteringen sendes til kari@bergen.kommune.no" in text
    assert "Nordmann" not in text

    post_application(client, page, valid_answers(keys, municipality="0301"))
    assert ApplicationSubmission.objects.order_by("pk").last().reference == "VKU-2026-0002"


def test_unknown_confirmation_is_not_found(client, page):
    assert client.get(f"{page.url}kvittering/{'0' * 32}/").status_code == 404
    assert client.get(f"{page.url}kvittering/ikke-en-kode/").status_code == 404


def test_receipt_and_staff_notification_are_sent(client, page, keys, committed):
    with committed():
        post_application(client, page, valid_answers(keys))
    receipt, notification = sorted(mail.outbox, key=lambda m: m.to != ["kari@bergen.kommune.no"])
    assert receipt.to == ["kari@bergen.kommune.no"]
    assert "VKU-2026-0001" in receipt.subject
    assert "Referansenummer: VKU-2026-0001" in receipt.body
    assert "Alle søkere får svar innen 30. april 2026." in receipt.body
    assert "Kommune: Bergen\n" in receipt.body
    assert "/status/" in receipt.body
    assert "Spørsmål? Skriv til post@kulturskoleradet.no." in receipt.body
    assert notification.to == ["program@kulturskoleradet.no"]
    assert notification.subject == "Ny søknad VKU-2026-0001 fra Bergen"
    submission = ApplicationSubmission.objects.get()
    assert submission.receipt_sent_at and submission.notification_sent_at


def test_a_double_click_stores_one_application(client, page, keys, committed):
    token = form_token(client, page.url)
    with committed():
        first = post_application(client, page, valid_answers(keys), token=token)
        second = post_application(client, page, valid_answers(keys), token=token)
    assert ApplicationSubmission.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 2


def test_same_municipality_twice_is_stored_and_marked_as_possible_duplicate(
    client, page, keys, committed
):
    post_application(client, page, valid_answers(keys))
    with committed():
        response = post_application(client, page, valid_answers(keys, name="Ola Nordmann"))
    assert response.status_code == 302
    first, second = ApplicationSubmission.objects.order_by("pk")
    assert second.duplicate_of == first and first.duplicate_of is None
    receipt = next(m for m in mail.outbox if m.to == ["kari@bergen.kommune.no"])
    assert "tidligere fått en søknad fra samme kommune." in receipt.body
    assert "VKU-2026-0001" not in receipt.body  # not the earlier application's reference
    assert "(mulig duplikat)" in next(m for m in mail.outbox if m is not receipt).subject
    other = post_application(client, page, valid_answers(keys, municipality="0301"))
    assert other.status_code == 302
    assert ApplicationSubmission.objects.order_by("pk").last().duplicate_of is None


def test_a_failing_mail_server_loses_no_application(client, page, keys, caplog, committed):
    refused = ConnectionRefusedError("smtp down")
    with mock.patch("website.outgoing_mail.transmit", side_effect=refused):
        with caplog.at_level(logging.ERROR, logger="website.outgoing_mail"), committed():
            response = post_application(client, page, valid_answers(keys))
    assert response.status_code == 302
    submission = ApplicationSubmission.objects.get()
    assert submission.receipt_sent_at is None and submission.notification_sent_at is None
    assert "Kvittering for VKU-2026-0001 ble ikke sendt" in caplog.text
    # The retry command sends what is missing, once.
    call_command("send_queued_mail", stdout=io.StringIO())
    call_command("send_queued_mail", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    submission.refresh_from_db()
    assert submission.receipt_sent_at and submission.notification_sent_at


# Stable answers


def test_renamed_reordered_and_removed_fields_keep_old_answers_under_their_labels(
    client, page, keys
):
    post_application(client, page, valid_answers(keys))
    submission = ApplicationSubmission.objects.get()

    why = ApplicationFormField.objects.get(clean_name=keys["why"])
    why.label = "Begrunnelse"
    why.sort_order = 0
    why.save()
    ApplicationFormField.objects.get(clean_name=keys["name"]).delete()
    # A new field with a label that used to exist gets a key of its own.
    new_field = ApplicationFormField.objects.create(
        page=page, label="Navn", field_type="singleline", sort_order=99
    )
    assert new_field.clean_name != keys["name"]
    assert ApplicationFormField.objects.get(pk=why.pk).clean_name == keys["why"]

    submission.refresh_from_db()
    answers = dict(row for _, rows in submission.answers() for row in rows)
    assert answers["Navn"] == "Kari Nordmann"
    assert answers["Hvorfor søker dere?"] == "Vi vil bygge et profesjonsfellesskap."
    assert "Begrunnelse" not in answers
