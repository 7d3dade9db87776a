"""Inputs the form guards against: Office names on zips of another kind, the Norwegian
error texts next to their fields, and the honeypot that people never see."""

import io
import re
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from forms.intake_guards import HONEYPOT_FIELD
from forms.models import ApplicationAttachment, ApplicationSubmission
from tests.factories import ApplicationFormFieldFactory
from tests.forms_helpers import post_application, valid_answers
from tests.text import visible_text


def zip_bytes(*names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>" if name.endswith(".xml") else "hei")
    return buffer.getvalue()


def error_next_to(html, key):
    """The visible text of the error tied to the field, or None when it has none."""
    match = re.search(
        rf'<p class="ds-validation-message" data-field="validation" id="id_{key}-feil">(.*?)</p>',
        html,
        re.S,
    )
    return visible_text(match.group(1)) if match else None


# Office names on zips that are not that kind of document


def test_a_real_word_document_is_accepted(client, page, keys):
    upload = SimpleUploadedFile(
        "rapport.docx", zip_bytes("[Content_Types].xml", "word/document.xml")
    )
    response = post_application(client, page, valid_answers(keys, attachment=upload))
    assert response.status_code == 302
    assert ApplicationAttachment.objects.get().original_name == "rapport.docx"


@pytest.mark.parametrize("name", ["rapport.docx", "budsjett.xlsx", "plan.odt"])
def test_a_zip_named_as_an_office_document_is_refused(client, page, keys, name):
    # A valid zip, but with neither Office content types nor an OpenDocument mimetype.
    upload = SimpleUploadedFile(name, zip_bytes("hello.txt"))
    response = post_application(client, page, valid_answers(keys, attachment=upload))
    assert response.status_code == 200
    error = error_next_to(response.content.decode(), keys["attachment"])
    assert error is not None
    assert "Filtypen er ikke tillatt. Last opp en fil av typen PDF, DOCX" in error
    assert not ApplicationSubmission.objects.exists()
    assert not ApplicationAttachment.objects.exists()


# Norwegian error texts next to their fields


@pytest.fixture
def students(page):
    field = ApplicationFormFieldFactory(page=page, label="Antall lærere", field_type="number")
    page.save_revision().publish()
    return field.clean_name


def test_a_missing_choice_and_a_wrong_number_get_norwegian_errors(client, page, keys, students):
    answers = valid_answers(keys, size=None, **{students: "mange"})
    html = post_application(client, page, answers).content.decode()
    assert error_next_to(html, keys["size"]) == "Feil: Velg et alternativ."
    assert error_next_to(html, students) == "Feil: Skriv et tall."
    assert not ApplicationSubmission.objects.exists()


def test_a_missing_required_answer_gets_a_norwegian_error(client, page, keys):
    html = post_application(client, page, valid_answers(keys, name=None)).content.decode()
    assert error_next_to(html, keys["name"]) == "Feil: Fyll ut feltet."
    assert "This field is required" not in html
    assert not ApplicationSubmission.objects.exists()


# The honeypot


def test_the_honeypot_is_in_the_form_but_hidden_from_people(client, page):
    html = client.get(page.url).content.decode()
    match = re.search(r'<div class="honeypot" aria-hidden="true">(.*?)</div>', html, re.S)
    assert match, "the honeypot container is missing"
    field = re.search(rf'<input[^>]*name="{HONEYPOT_FIELD}"[^>]*>', match.group(1))
    assert field, "the honeypot input is missing from its hidden container"
    field = field.group(0)
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field


def test_a_filled_honeypot_is_refused(client, page, keys):
    answers = valid_answers(keys, **{HONEYPOT_FIELD: "https://spam.example"})
    response = post_application(client, page, answers)
    assert response.status_code == 400
    assert not ApplicationSubmission.objects.exists()
