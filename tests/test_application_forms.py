"""Municipalities apply through the application form: fields, window, storing, e-mail, files."""

import io
import logging
import zipfile
from unittest import mock

from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

import pytest

from forms.models import ApplicationAttachment, ApplicationFormField, ApplicationSubmission
from forms.submission import FormToken
from tests.conftest import oslo
from tests.forms_helpers import (
    attachment_downloads,
    build_form,
    form_token,
    post_application,
    valid_answers,
)
from tests.text import visible_text

OPEN = oslo(2026, 4, 1, 12, 0)


@pytest.fixture
def application_form(home_page, clock):
    clock(OPEN)
    return build_form(home_page)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit (the e-mails), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def page(application_form):
    return application_form[1]


@pytest.fixture
def keys(application_form):
    return application_form[2]


def errors_of(response):
    html = response.content.decode()
    return visible_text(html.split('id="feiloppsummering"')[1].split("</div>")[0])


# Field types


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("+47 55 56 55 60", "+4755565560"), ("0047 55565560", "+4755565560"),
     ("55 56 55 60", "+4755565560"), ("412 34 567", "+4741234567")],
)
def test_phone_numbers_are_accepted_in_usual_forms_and_stored_internationally(
    client, page, keys, typed, stored
):
    response = post_application(client, page, valid_answers(keys, phone=typed))
    assert response.status_code == 302, errors_of(response)
    assert ApplicationSubmission.objects.get().form_data[keys["phone"]] == stored


@pytest.mark.parametrize("typed", ["12345", "+46 8 123 456 78", "telefon", "5556556"])
def test_bad_phone_numbers_are_refused_in_norwegian(client, page, keys, typed):
    response = post_application(client, page, valid_answers(keys, phone=typed))
    assert response.status_code == 200
    assert "Skriv et norsk telefonnummer med åtte sifre" in errors_of(response)
    assert not ApplicationSubmission.objects.exists()


def test_organisation_number_is_checked_with_mod11(client, page, keys):
    bad_check_digit = post_application(client, page, valid_answers(keys, orgnr="974760674"))
    assert "Dette er ikke et gyldig organisasjonsnummer" in errors_of(bad_check_digit)
    too_short = post_application(client, page, valid_answers(keys, orgnr="97476067"))
    assert "Organisasjonsnummeret skal ha ni sifre" in errors_of(too_short)
    good = post_application(client, page, valid_answers(keys, orgnr="974 760 673"))
    assert good.status_code == 302
    assert ApplicationSubmission.objects.get().form_data[keys["orgnr"]] == "974760673"


def test_municipality_must_be_one_of_the_list(client, page, keys):
    response = post_application(client, page, valid_answers(keys, municipality="9999"))
    assert "Velg en kommune fra listen." in errors_of(response)
    response = post_application(client, page, valid_answers(keys, municipality="4601"))
    submission = ApplicationSubmission.objects.get()
    assert (submission.municipality.name, submission.municipality.county) == ("Bergen", "Vestland")


def test_municipalities_with_the_same_name_show_their_county(client, page):
    html = client.get(page.url).content.decode()
    assert '<option value="1515">Herøy (Møre og Romsdal)</option>' in html
    assert '<option value="1818">Herøy (Nordland - Nordlánnda)</option>' in html
    assert '<option value="4601">Bergen</option>' in html
    assert html.count("<option value=") >= 357


def test_sections_group_their_fields_in_fieldsets(client, page):
    html = client.get(page.url).content.decode()
    section = html.split('<fieldset class="form-section"')[1].split("</fieldset>")[0]
    assert '<legend><h2 class="form-section__heading">Kommunen</h2></legend>' in section
    assert "Om kommunen" in section
    assert "Organisasjonsnummer" in section and "Kontaktperson" not in section


def test_required_fields_are_marked_in_text_and_autocomplete_is_set(client, page, keys):
    html = client.get(page.url).content.decode()
    assert 'Navn <span class="field__required">(må fylles ut)</span>' in html
    assert 'Vedlegg <span class="field__required">' not in html
    assert f'name="{keys["name"]}"' in html and 'autocomplete="name"' in html
    assert 'autocomplete="email"' in html and 'autocomplete="tel"' in html
    assert 'type="tel"' in html


# Errors


def test_errors_are_listed_on_top_and_by_each_field_and_keep_what_was_typed(client, page, keys):
    answers = valid_answers(keys, email="kari@", orgnr="123", commitment=None)
    response = post_application(client, page, answers)
    html = response.content.decode()
    assert response.status_code == 200
    summary = html.split('id="feiloppsummering"')[0].rsplit("<div", 1)[1] + html.split(
        'id="feiloppsummering"')[1].split("</div>")[0]
    assert 'tabindex="-1" autofocus' in summary
    assert "Skjemaet har 3 feil" in summary
    assert f'<a href="#id_{keys["email"]}">E-post: Skriv en gyldig e-postadresse' in summary
    assert f'<a href="#id_{keys["commitment"]}">' in summary
    # Next to the field, tied to it for screen readers.
    assert f'id="id_{keys["email"]}-feil"' in html
    assert f'aria-describedby="id_{keys["email"]}-feil"' in html
    assert 'aria-invalid="true"' in html
    # Nothing typed is lost.
    assert 'value="Kari Nordmann"' in html
    assert 'value="kari@"' in html
    assert "Vi vil bygge et profesjonsfellesskap." in html
    assert '<option value="4601" selected>Bergen</option>' in html
    assert '<option value="100–500" selected>100–500</option>' in html
    assert "Filer må velges på nytt" in html
    assert not ApplicationSubmission.objects.exists()


# The application window, enforced on the server


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (oslo(2026, 3, 19, 12, 59, 59), False),
        (oslo(2026, 3, 19, 13, 0), True),
        (oslo(2026, 4, 13, 23, 59), True),
        (oslo(2026, 4, 13, 23, 59, 1), False),
    ],
    ids=["second-before-opening", "at-opening", "at-deadline", "second-after-deadline"],
)
def test_window_edges_are_enforced_on_post(client, page, keys, clock, moment, accepted):
    clock(moment)
    response = post_application(client, page, valid_answers(keys))
    assert ApplicationSubmission.objects.exists() is accepted
    if not accepted:
        assert response.status_code == 403
        text = visible_text(response.content.decode())
        assert "Søknaden ble ikke sendt" in text
        assert "Spørsmål? Skriv til post@kulturskoleradet.no." in text
        assert 'value="Kari Nordmann"' in response.content.decode()


def test_after_the_deadline_the_post_says_when_it_closed(client, page, keys, clock):
    clock(oslo(2026, 4, 14, 8, 0))
    text = visible_text(post_application(client, page, valid_answers(keys)).content.decode())
    assert "søknadsfristen gikk ut 13. april 2026 kl. 23.59" in text


def test_closed_form_shows_when_it_closed_and_no_form(client, page, clock):
    clock(oslo(2026, 5, 1))
    html = client.get(page.url).content.decode()
    closed = "Søknadsfristen gikk ut 13. april 2026 kl. 23.59. Skjemaet er stengt."
    assert closed in visible_text(html)
    assert "<form class=\"application-form\"" not in html


def test_form_not_yet_open_says_when_it_opens(client, page, clock):
    clock(oslo(2026, 3, 1))
    text = visible_text(client.get(page.url).content.decode())
    assert "Søknadsskjemaet åpner 19. mars 2026 kl. 13.00." in text


def test_the_window_comes_from_the_program(client, application_form, keys, clock):
    program, page, _keys = application_form
    program.application_closes = oslo(2026, 3, 31, 12, 0)
    program.save_revision().publish()
    clock(OPEN)  # 1 April: closed now that the program's deadline moved
    assert post_application(client, page, valid_answers(keys)).status_code == 403
    assert not ApplicationSubmission.objects.exists()


def test_editors_can_always_preview_the_form(page, clock):
    clock(oslo(2027, 1, 1))  # long after the deadline
    response = page.make_preview_request(preview_mode="form")
    assert response.status_code == 200
    response.render()
    assert '<form class="application-form"' in response.content.decode()
    landing = page.make_preview_request(preview_mode="landing")
    assert landing.status_code == 200


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
    # The confirmation shows nothing of what was sent.
    assert "Kari" not in text and "kari@" not in text

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


# Attachments

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_attachment_is_stored_privately(client, page, keys):
    upload = SimpleUploadedFile("vedtak.pdf", PDF, content_type="application/pdf")
    response = post_application(client, page, valid_answers(keys, attachment=upload))
    assert response.status_code == 302
    attachment = ApplicationAttachment.objects.get()
    assert attachment.original_name == "vedtak.pdf"
    assert attachment.content_type == "application/pdf"
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert ApplicationSubmission.objects.get().form_data[keys["attachment"]] == "vedtak.pdf"


def test_office_documents_are_recognised_by_content(client, page, keys):
    upload = SimpleUploadedFile("plan.docx", docx_bytes())
    assert post_application(client, page, valid_answers(keys, attachment=upload)).status_code == 302
    assert ApplicationAttachment.objects.get().content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("vedtak.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),  # a renamed .exe
        ("bilde.png", PDF),  # a PDF calling itself PNG
        ("skript.sh", b"#!/bin/sh\necho hei\n"),
        ("arkiv.docx", b"PK\x03\x04" + b"\x00" * 50),  # a zip that is no Word document
    ],
)
def test_files_of_other_kinds_are_refused(client, page, keys, name, content):
    upload = SimpleUploadedFile(name, content)
    response = post_application(client, page, valid_answers(keys, attachment=upload))
    assert response.status_code == 200
    assert "Filtypen er ikke tillatt. Last opp en fil av typen PDF, DOCX" in errors_of(response)
    assert not ApplicationSubmission.objects.exists()


@override_settings(APPLICATION_ATTACHMENT_MAX_SIZE=1024)
def test_too_large_files_are_refused(client, page, keys):
    upload = SimpleUploadedFile("stor.pdf", PDF + b"0" * 2048)
    response = post_application(client, page, valid_answers(keys, attachment=upload))
    assert "Filen er for stor" in errors_of(response)
    assert "Største tillatte størrelse er 1,0" in errors_of(response)


def test_attachments_need_the_reviewers_permission(client, page, keys, django_user_model):
    upload = SimpleUploadedFile("vedtak.pdf", PDF)
    post_application(client, page, valid_answers(keys, attachment=upload))
    downloads = attachment_downloads(client, ApplicationAttachment.objects.get(), django_user_model)

    assert downloads["anonymous"].status_code == 302  # anonymous: to the login page
    denied = downloads["editor"]
    # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
    assert denied.status_code in (302, 403) and not getattr(denied, "streaming", False)

    response = downloads["reviewer"]
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'attachment; filename="vedtak.pdf"' == response["Content-Disposition"]


# Spam protection


def test_honeypot_refuses_with_a_message_a_person_understands(client, page, keys):
    response = post_application(client, page, valid_answers(keys, nettsted="http://spam.example"))
    assert response.status_code == 400
    assert "et skjult felt var fylt ut" in visible_text(response.content.decode())
    assert not ApplicationSubmission.objects.exists()


@override_settings(APPLICATION_MIN_SECONDS=30)
def test_a_form_sent_too_fast_is_refused(client, page, keys):
    response = post_application(client, page, valid_answers(keys), token=FormToken.new().dumps())
    assert response.status_code == 400
    assert "svært kort tid etter at det ble åpnet" in visible_text(response.content.decode())
    assert not ApplicationSubmission.objects.exists()


@override_settings(APPLICATION_RATE_LIMIT=(2, 600))
def test_rate_limit_per_address(client, page, keys):
    for municipality in ["0301", "4601"]:
        assert post_application(
            client, page, valid_answers(keys, municipality=municipality)
        ).status_code == 302
    response = post_application(client, page, valid_answers(keys, municipality="1103"))
    assert response.status_code == 429
    assert "mange søknader fra din nettverksadresse" in visible_text(response.content.decode())
    assert ApplicationSubmission.objects.count() == 2
    other = post_application(client, page, valid_answers(keys, municipality="1103"),
                             REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_a_tampered_or_missing_token_keeps_the_answers(client, page, keys):
    response = post_application(client, page, valid_answers(keys), token="forfalsket")
    assert response.status_code == 200
    assert "Skjemaet var utløpt eller ufullstendig" in visible_text(response.content.decode())
    assert 'value="Kari Nordmann"' in response.content.decode()
    assert not ApplicationSubmission.objects.exists()


def test_editors_do_not_see_applications_in_wagtails_submissions_views(
    client, page, keys, django_user_model
):
    from django.contrib.auth.models import Group

    post_application(client, page, valid_answers(keys))
    editor = django_user_model.objects.create_user("redaktor", password="x")
    editor.groups.add(Group.objects.get(name="Redaktører"))
    client.force_login(editor)
    listing = client.get(f"/admin/forms/submissions/{page.pk}/")
    assert listing.status_code in (302, 403)
    assert "Kari Nordmann" not in listing.content.decode()
    assert "Kari Nordmann" not in client.get("/admin/forms/").content.decode()


# The applicant's status link


def status_link_from_receipt():
    import re

    receipt = next(m for m in mail.outbox if "Referansenummer" in m.body)
    return re.search(r"http://\S+/status/\S+/", receipt.body).group(0)


def test_the_receipt_links_to_a_status_page_where_the_application_can_be_withdrawn(
    client, page, keys, committed
):
    from wagtail.models import ModelLogEntry

    with committed():
        post_application(client, page, valid_answers(keys))
    link = status_link_from_receipt()
    path = "/" + link.split("/", 3)[3]
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    text = visible_text(response.content.decode())
    assert "Referansenummer: VKU-2026-0001" in text
    assert "Søknaden er mottatt og venter på behandling." in text
    # The answers are read here (the receipt carries none of them).
    assert "Svarene dine" in text and "Navn Kari Nordmann" in text

    # A decision is only shown once its letter has gone out.
    submission = ApplicationSubmission.objects.get()
    submission.status = "innvilget"
    submission.save()
    assert "Søknaden er under behandling." in visible_text(client.get(path).content.decode())

    assert client.post(path, {}).status_code == 200  # not confirmed: nothing happens
    submission.refresh_from_db()
    assert submission.status == "innvilget"
    client.post(path, {"confirm_withdraw": "1"})
    submission.refresh_from_db()
    assert submission.status == "trukket"
    entry = ModelLogEntry.objects.for_instance(submission).get(action="forms.application.status")
    assert entry.data["by_applicant"] and entry.user is None
    assert "Søknaden er trukket." in visible_text(client.get(path).content.decode())


def test_a_tampered_or_revoked_status_link_shows_nothing(client, page, keys, committed):
    with committed():
        post_application(client, page, valid_answers(keys))
    path = "/" + status_link_from_receipt().split("/", 3)[3]
    token, signature = path.rstrip("/").split("/")[-2:]
    tampered = path.replace(signature, "0" * 32)
    assert client.get(tampered).status_code == 404
    other_token = path.replace(token, "f" * 32)
    assert client.get(other_token).status_code == 404
    submission = ApplicationSubmission.objects.get()
    submission.status_link_revoked = True
    submission.save()
    response = client.get(path)
    assert response.status_code == 404
    assert "VKU-2026-0001" not in response.content.decode()
