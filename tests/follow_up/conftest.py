"""Fixtures of the follow-up tests (issue 18): the review tests' form page and staff, the
form page asking for acceptance, a report form under it, and granted applications whose
grant letter has gone.

The grant letter is written and sent at LETTER_SENT (4 May 2026, 10.00 Oslo); with the
form's 30 days the last day to accept is 3 June 2026 (DEADLINE_DAY), until 23.59.59 Oslo.
The clock stays at LETTER_SENT after the fixtures; mail.outbox is emptied of the letters."""

import datetime

from django.core import mail

import pytest

from applications.reply_letters import REPLY_LETTER, queue_reply_letters
from forms.models import ReplyLetter
from tests.assessment.helpers import make_assessor
from tests.conftest import oslo
from tests.factories import ApplicationFormPageFactory
from tests.review.conftest import form_page, users  # noqa: F401 (fixtures)
from tests.review.helpers import make_application
from website import outgoing_mail

LETTER_SENT = oslo(2026, 5, 4, 10, 0)
DEADLINE_DAY = datetime.date(2026, 6, 3)
CONDITIONS = "Kommunen stiller med en prosjektleder og rapporterer innen fristen."


@pytest.fixture
def form_page_with_acceptance(form_page):  # noqa: F811
    """The review tests' form page, asking for acceptance within 30 days (reminder 7 days
    before), with conditions."""
    form_page.acceptance_required = True
    form_page.acceptance_conditions = CONDITIONS
    form_page.acceptance_days = 30
    form_page.acceptance_reminder_days = 7
    form_page.save_revision().publish()
    form_page.refresh_from_db()
    return form_page


@pytest.fixture
def report_form(form_page):  # noqa: F811
    """A live report form under the application form, due 1 December 2026."""
    return ApplicationFormPageFactory(
        parent=form_page,
        title="Rapport",
        slug="rapport",
        form_kind="rapport",
        reference_prefix="RAP",
        report_due=datetime.date(2026, 12, 1),
    )


@pytest.fixture
def send_grant_letter(clock):
    """Write and send the grant letter of a granted application at a moment (LETTER_SENT by
    default), as the bulk action does; returns the application, refreshed."""

    def send(application, at=LETTER_SENT):
        clock(at)
        queue_reply_letters([application], None)
        for letter in ReplyLetter.objects.unsent().filter(submission=application):
            outgoing_mail.send(REPLY_LETTER, letter.pk)
        mail.outbox.clear()
        application.refresh_from_db()
        return application

    return send


@pytest.fixture
def make_grant(send_grant_letter):
    """make_grant(form_page, number, municipality="4601", letter=True, **fields): a granted
    application (VKU-2026-<number>), its grant letter sent unless letter=False."""

    def make(page, number, municipality="4601", letter=True, **fields):
        application = make_application(
            page, number, municipality=municipality, status="innvilget", **fields
        )
        return send_grant_letter(application) if letter else application

    return make


@pytest.fixture
def granted_application(form_page_with_acceptance, make_grant):
    """VKU-2026-0001 from Bergen, granted, its letter sent at LETTER_SENT: awaiting
    acceptance until the end of DEADLINE_DAY."""
    return make_grant(form_page_with_acceptance, 1)


@pytest.fixture
def granted_application_with_report(form_page_with_acceptance, report_form, make_grant):
    """As granted_application, with a report form under the form page (the report is
    «mangler» from the letter on)."""
    return make_grant(form_page_with_acceptance, 1)


@pytest.fixture
def assessor(django_user_model):
    """An outside assessor (group «Eksterne fagvurderere»)."""
    return make_assessor(django_user_model, "anna")
