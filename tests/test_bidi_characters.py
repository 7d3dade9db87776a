"""Bidirectional control characters are stripped from answers like the other invisible
characters: a right-to-left override would make a name or an address read differently in
the admin and in e-mails than what is stored."""

import pytest

from forms.fields import without_invisible_characters
from forms.models import ApplicationSubmission
from tests.forms_helpers import post_application, valid_answers

BIDI_CONTROLS = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",  # embeddings, overrides, pop
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",  # isolates
    "\u200e",
    "\u200f",
    "\u061c",  # left-to-right, right-to-left and Arabic letter marks
]


@pytest.mark.parametrize("control", BIDI_CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_bidirectional_control_characters_are_stripped_from_answers(client, form, control):
    _program, page, keys = form
    response = post_application(
        client,
        page,
        valid_answers(
            keys,
            name=f"Kari {control}nnamdroN",
            email=f"kari@{control}bergen.kommune.no",
            why=f"Vi vil{control} bygge\n{control}fellesskap.",
        ),
    )
    assert response.status_code == 302
    submission = ApplicationSubmission.objects.get()
    assert submission.form_data[keys["name"]] == "Kari nnamdroN"
    assert submission.contact_name == "Kari nnamdroN"
    assert submission.applicant_email == "kari@bergen.kommune.no"
    assert submission.form_data[keys["why"]] == "Vi vil bygge\nfellesskap."


def test_other_right_to_left_text_is_kept():
    # Arabic and Hebrew letters are text, not controls.
    assert without_invisible_characters("مرحبا שלום") == "مرحبا שלום"
