"""What the applicant's status page says, word for word, in each state (found unguarded by
mutation testing, docs/mutation.md: the page tests look for the text inside the page); and
the status page and its printable copy as a browser meets them: the withdraw form's CSRF
token, the site's menu, the link back by path, the questions in the applicant's language."""

import re
from types import SimpleNamespace

from django.core import mail
from django.test import Client

import pytest

from forms import status_page
from forms.models import ApplicationSubmission
from forms.status_links import print_url, status_url
from forms.status_page import applicant_status
from tests.forms_helpers import (
    post_application,
    shows_menu_and_footer,
    site_menu_and_footer,
    translate_form,
    valid_answers,
)
from tests.text import visible_text

NO_LONGER = (
    "Søknaden kan ikke trekkes her lenger: svarbrevet er sendt, eller søknaden er allerede "
    "trukket. Ta kontakt med Kulturskolerådet hvis noe er uklart."
)


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
    submission = SimpleNamespace(
        status=status, reply_letter_sent=lambda: letter_sent, report_for_id=None
    )
    assert applicant_status(submission) == expected


# The withdrawal's errors, word for word


@pytest.mark.parametrize(("status", "letter_sent"), [("trukket", False), ("innvilget", True)])
def test_a_withdrawal_too_late_is_refused_in_these_words(status, letter_sent):
    submission = SimpleNamespace(
        status=status, reply_letter_sent=lambda: letter_sent, report_for_id=None
    )
    request = SimpleNamespace(POST={"confirm_withdraw": "1"})
    assert status_page._withdrawal_errors(submission, request) == [(None, NO_LONGER)]


def test_a_withdrawal_that_fails_asks_to_try_again_in_these_words(monkeypatch):
    monkeypatch.setattr(status_page, "withdraw", lambda submission: False)
    submission = SimpleNamespace(
        status="mottatt", reply_letter_sent=lambda: False, report_for_id=None
    )
    request = SimpleNamespace(POST={"confirm_withdraw": "1"})
    assert status_page._withdrawal_errors(submission, request) == [
        (None, "Søknaden kunne ikke trekkes. Prøv igjen.")
    ]


# The pages, with an application


@pytest.fixture
def application(client, form, django_capture_on_commit_callbacks):
    _, page, keys = form
    with django_capture_on_commit_callbacks(execute=True):
        post_application(client, page, valid_answers(keys))
    mail.outbox.clear()
    return ApplicationSubmission.objects.get()


def path_of(url):
    return "/" + url.split("/", 3)[3]


def test_the_withdraw_form_carries_a_working_csrf_token(application):
    browser = Client(enforce_csrf_checks=True)
    path = path_of(status_url(application))
    html = browser.get(path).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = browser.post(path, {"csrfmiddlewaretoken": token, "confirm_withdraw": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "trukket"


def test_a_second_withdrawal_of_the_same_application_does_nothing(application):
    assert status_page.withdraw(application) is True
    # The same (stale) object again: the locked row is already withdrawn.
    assert status_page.withdraw(application) is False
    application.refresh_from_db()
    assert application.status == "trukket"


def test_the_status_page_and_the_printable_copy_carry_the_sites_menu_and_footer(
    client, application, home_page
):
    site_menu_and_footer(home_page)
    for url in (status_url(application), print_url(application)):
        assert shows_menu_and_footer(client.get(path_of(url)).content.decode()), url


def test_the_printable_copy_links_back_to_the_status_page_by_its_path(client, application):
    html = client.get(path_of(print_url(application))).content.decode()
    back = re.search(r'<a href="([^"]*)">Tilbake til status for søknaden</a>', html).group(1)
    assert back == path_of(status_url(application))


def test_an_english_application_is_shown_with_the_english_questions(
    client, form, home_page, django_capture_on_commit_callbacks
):
    program, page, keys = form
    for ancestor in [home_page, program.get_parent(), program]:
        translate_form(ancestor)
    english = translate_form(page)
    with django_capture_on_commit_callbacks(execute=True):
        post_application(client, english, valid_answers(keys, size="100 to 500"))
    submission = ApplicationSubmission.objects.get()
    for url in (status_url(submission), print_url(submission)):
        text = visible_text(client.get(path_of(url)).content.decode())
        assert "Name Kari Nordmann" in text and "Navn Kari Nordmann" not in text, url
        assert "Why are you applying?" in text, url
