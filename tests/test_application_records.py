"""What an application records and leads to beyond its answers: the possible-duplicate mark,
the receipt in the applicant's language, and a status link bound to its own form page."""

import re

from django.core import mail

import pytest

from forms.models import ApplicationSubmission
from tests.conftest import oslo
from tests.forms_helpers import build_form, post_application, translate_form, valid_answers


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit (the e-mails), as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def other_programs_form(form):
    """A second program with its own application form, beside the first one."""
    program, _page, _keys = form
    return build_form(program.get_parent())


def apply(client, page, keys, **overrides):
    response = post_application(client, page, valid_answers(keys, **overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return ApplicationSubmission.objects.order_by("-pk").first()


# The possible-duplicate mark


def test_an_application_to_another_programs_form_is_no_duplicate(client, form):
    _program, page, keys = form
    _other_program, other_page, other_keys = other_programs_form(form)
    elsewhere = apply(client, other_page, other_keys)  # Bergen, to the other program
    here = apply(client, page, keys)  # Bergen again, to this program
    assert elsewhere.page_id == other_page.pk and here.page_id == page.pk
    assert here.duplicate_of is None
    assert not here.is_possible_duplicate


def test_a_duplicate_points_at_the_first_earlier_application(client, form, clock):
    _program, page, keys = form
    # Minutes apart, so «first» is a matter of time and not of ties.
    first = apply(client, page, keys)
    clock(oslo(2026, 4, 1, 12, 5))
    second = apply(client, page, keys)
    clock(oslo(2026, 4, 1, 12, 10))
    third = apply(client, page, keys)
    assert first.duplicate_of is None
    assert second.duplicate_of == first
    assert third.duplicate_of == first


# The receipt in the applicant's language


def test_an_english_applicants_receipt_is_written_from_the_english_page(
    client, home_page, form, committed
):
    program, page, keys = form
    for ancestor in [home_page, program.get_parent(), program]:
        translate_form(ancestor)
    english = translate_form(page)
    page.receipt_text = "Takk for at dere søker."
    page.save_revision().publish()
    english.receipt_text = "Thank you for applying."
    english.contact_text = "Questions? Write to post@kulturskoleradet.no."
    english.save_revision().publish()

    with committed():
        apply(client, english, keys, size="100 to 500")
    (receipt,) = [m for m in mail.outbox if m.to == ["kari@bergen.kommune.no"]]
    body = receipt.body
    assert "Reference number: VKU-2026-0001" in body
    # The editor's texts come from the English page, the template's from the English catalog.
    assert "Thank you for applying." in body
    assert "Questions? Write to post@kulturskoleradet.no." in body
    assert "Takk for at dere søker." not in body
    assert "Spørsmål?" not in body
    assert "Referansenummer" not in body
    # The questions are not in the receipt at all (it carries nothing the sender typed),
    # in neither language.
    assert "Why are you applying?" not in body and "Hvorfor søker dere?" not in body


# The status link belongs to its own form page


def test_a_status_link_under_another_form_pages_address_finds_nothing(client, form, committed):
    _program, page, keys = form
    _other_program, other_page, _other_keys = other_programs_form(form)
    with committed():
        apply(client, page, keys, name="Kari Nordmann")
    (receipt,) = [m for m in mail.outbox if m.to == ["kari@bergen.kommune.no"]]
    own_path = "/" + re.search(r"https?://\S+/status/\S+/", receipt.body).group(0).split("/", 3)[3]
    assert client.get(own_path).status_code == 200

    token_and_signature = own_path.split("/status/", 1)[1]
    foreign_path = other_page.url + "status/" + token_and_signature
    assert foreign_path != own_path
    response = client.get(foreign_path)
    assert response.status_code == 404
    text = response.content.decode()
    assert "Kari Nordmann" not in text and "VKU-2026-0001" not in text
