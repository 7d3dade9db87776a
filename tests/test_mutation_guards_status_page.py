"""What the applicant's status page says, word for word, in each state (found unguarded by
mutation testing, docs/mutation.md: the page tests look for the text inside the page)."""

from types import SimpleNamespace

import pytest

from forms.status_page import applicant_status


@pytest.mark.parametrize(
    ("status", "letter_sent", "expected"),
    [
        ("trukket", False, ("withdrawn", "Søknaden er trukket.")),
        ("trukket", True, ("withdrawn", "Søknaden er trukket.")),
        ("innvilget", True, ("decided", "Svarbrevet er sendt til e-postadressen i søknaden.")),
        ("mottatt", False, ("received", "Søknaden er mottatt og venter på behandling.")),
        ("innvilget", False, ("in_review", "Søknaden er under behandling.")),
        ("under_behandling", False, ("in_review", "Søknaden er under behandling.")),
    ],
)
def test_the_applicant_is_told_the_state_in_these_words(status, letter_sent, expected):
    submission = SimpleNamespace(status=status, reply_letter_sent=lambda: letter_sent)
    assert applicant_status(submission) == expected
