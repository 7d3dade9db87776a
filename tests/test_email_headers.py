"""What goes into an e-mail's header stays one line: a form page with a line break in a
subject or an address is refused when saved (a Norwegian message by the field), and text
from applicants is put on one line in a reply letter's subject."""

from django.core import mail
from django.core.exceptions import ValidationError

import pytest

from applications.reply_letters import queue_reply_letters, render_letter
from forms.models import ApplicationFormPage, ApplicationSubmission
from tests.forms_helpers import post_application, valid_answers
from tests.page_editor import edit_url, post_editor, staff_user
from tests.text import visible_text

DECISIONS = ["innvilget", "avslatt", "venteliste"]
LINE_BREAKS = ["\n", "\r", "\r\n", "\u2028", "\x85", "\x0b"]


@pytest.fixture
def page(form):
    return form[1]


def errors_on_save(page):
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    return error.value.message_dict


@pytest.mark.parametrize("line_break", LINE_BREAKS)
def test_form_page_subject_with_a_line_break_is_refused(page, line_break):
    page.subject = f"Ny søknad{line_break}Bcc: angriper@example.com"
    assert errors_on_save(page)["subject"] == ["Emnet må stå på én linje, uten linjeskift."]


@pytest.mark.parametrize("decision", DECISIONS)
@pytest.mark.parametrize("line_break", LINE_BREAKS)
def test_reply_letter_subject_with_a_line_break_is_refused(page, decision, line_break):
    letter = page.reply_letter_texts.get(decision=decision)
    letter.subject = f"Svar{line_break}Bcc: angriper@example.com"
    assert errors_on_save(letter)["subject"] == ["Emnet må stå på én linje, uten linjeskift."]


@pytest.mark.parametrize(
    "value",
    [
        "program@kulturskoleradet.no, angriper@example.com",
        "Program <program@kulturskoleradet.no>",
        "program@kulturskoleradet.no\nBcc: angriper@example.com",
        "program@kulturskoleradet.no\n",
        "ikke en adresse",
    ],
)
def test_form_page_sender_must_be_one_valid_address(page, value):
    page.from_address = value
    assert errors_on_save(page)["from_address"] == [
        "Skriv én gyldig e-postadresse, for eksempel post@kulturskoleradet.no."
    ]


@pytest.mark.parametrize(
    ("value", "named"),
    [
        (
            "program@kulturskoleradet.no; leder@kulturskoleradet.no",
            "«program@kulturskoleradet.no; leder@kulturskoleradet.no»",
        ),
        (
            "program@kulturskoleradet.no\nBcc: angriper@example.com",
            "«program@kulturskoleradet.no Bcc: angriper@example.com»",
        ),
        ("program@kulturskoleradet.no,", "«»"),
    ],
)
def test_form_page_notification_addresses_must_be_valid_and_comma_separated(page, value, named):
    page.to_address = value
    assert errors_on_save(page)["to_address"] == [
        f"Ugyldig adresse: {named}. Skriv gyldige e-postadresser, skilt med komma."
    ]


def test_form_page_with_valid_header_fields_is_saved(page):
    page.to_address = "program@kulturskoleradet.no, leder@kulturskoleradet.no"
    page.from_address = "noreply@kulturskoleradet.no"
    page.subject = "Ny søknad\t(VKU)"  # a tab is white space in a header, not a new line
    page.full_clean()


def test_form_page_subject_with_a_line_break_is_refused_in_the_editor(
    client, page, django_user_model
):
    client.force_login(staff_user(django_user_model, "sjef", is_superuser=True))
    response = post_editor(
        client,
        edit_url(page),
        {"subject": "Ny søknad\r\nBcc: angriper@example.com", "to_address": "a@b.no; c@d.no"},
        publish=True,
    )
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Emnet må stå på én linje, uten linjeskift." in text
    assert "Ugyldig adresse: «a@b.no; c@d.no»." in text
    assert ApplicationFormPage.objects.get(pk=page.pk).subject == "Ny søknad"


def test_notifications_still_go_out_for_a_subject_stored_with_a_line_break(
    client, form, django_capture_on_commit_callbacks
):
    # A page saved before the check, or a program title with a line break.
    _program, page, keys = form
    ApplicationFormPage.objects.filter(pk=page.pk).update(subject="Ny\nsøknad")
    with django_capture_on_commit_callbacks(execute=True):
        post_application(client, page, valid_answers(keys))
    submission = ApplicationSubmission.objects.get()
    assert submission.notification_sent_at and submission.receipt_sent_at
    notification = next(m for m in mail.outbox if m.to == ["program@kulturskoleradet.no"])
    assert notification.subject == "Ny søknad VKU-2026-0001 fra Bergen"


@pytest.mark.parametrize("line_break", LINE_BREAKS + ["\x1c", "\u2029"])
def test_reply_letter_subject_stays_on_one_line_whatever_the_contact_name(
    client, form, line_break, django_capture_on_commit_callbacks
):
    _program, page, keys = form
    page.reply_letter_texts.filter(decision="innvilget").update(
        subject="Svar til {kontaktperson}: {referanse}"
    )
    page.save_revision().publish()
    post_application(client, page, valid_answers(keys))
    submission = ApplicationSubmission.objects.get()
    # Stored as posted would be, had it come another way than the form.
    submission.contact_name = f"Kari{line_break}Bcc: angriper@example.com"
    submission.status = "innvilget"
    submission.save()
    subject, _body = render_letter(submission)
    assert subject == "Svar til Kari Bcc: angriper@example.com: VKU-2026-0001"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_reply_letters([submission], None) == (1, 0)
    (letter,) = mail.outbox
    assert letter.subject == subject and letter.to == ["kari@bergen.kommune.no"]
