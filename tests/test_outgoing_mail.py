"""Every e-mail the site sends goes one way (website/outgoing_mail.py), and every kind of it is
tested here the same way: nothing goes before the transaction that stored it commits; it
goes once however many senders try; it is marked sent; a failing mail server leaves it
pending with the error recorded; and the retry command sends it later."""

import datetime
import io
import threading

from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

import pytest

from applications.reply_letters import queue_reply_letters
from forms.acceptance import accept
from forms.models import ApplicationDraft, ApplicationSubmission, ReplyLetter
from forms.status_page import withdraw
from tests.conftest import oslo
from tests.factories import ApplicationFormPageFactory
from tests.forms_helpers import build_form, post_application, valid_answers
from website import outgoing_mail

APPLICANT = "kari@bergen.kommune.no"
STAFF = "program@kulturskoleradet.no"

# The row each kind sends, made pending (stored, its mail not gone) from a fresh application.
# A new kind of mail gets a line here, and with it every test below.


def _letter(submission):
    submission.status = "innvilget"
    submission.save()
    queue_reply_letters([submission], None)
    return submission.reply_letters.get()


def _draft_link(submission):
    """A saved draft of the same form whose resume link is to go (forms/draft_mail.py)."""
    return ApplicationDraft.objects.create(
        page=submission.page,
        browser_key_hash="b" * 64,
        resume_key_hash="r" * 64,
        applicant_email=APPLICANT,
    )


def _withdrawn(submission):
    """The applicant has withdrawn: a confirmation and a staff notice are to go."""
    assert withdraw(submission)
    return submission


def _awaiting_acceptance(submission):
    """Granted, its letter gone, the form asking acceptance within 3 days: the reminder (7
    days before the deadline) is due at once (forms/acceptance_mail.py)."""
    page = submission.page.specific
    page.acceptance_required, page.acceptance_days = True, 3
    page.save()
    _letter(submission)
    ReplyLetter.objects.filter(submission=submission).update(sent_at=timezone.now())
    return submission.follow_up


def _accepted(submission):
    """The municipality has accepted the grant: its confirmation is to go."""
    follow_up = _awaiting_acceptance(submission)
    assert accept(submission, "Ola Nordmann", "Kommunalsjef", "192.0.2.1")
    follow_up.refresh_from_db()
    return follow_up


def _report_missing(days_to_due):
    """Granted, its letter gone, with a report form due `days_to_due` from today: with
    the form's 14 days' reminder and 7 days' notice after, due at once for 0 and -7
    (forms/report_mail.py)."""

    def make(submission):
        ApplicationFormPageFactory(
            parent=submission.page.specific,
            slug="rapport",
            form_kind="rapport",
            reference_prefix="RAP",
            report_due=timezone.localdate() + datetime.timedelta(days=days_to_due),
        )
        _letter(submission)
        ReplyLetter.objects.filter(submission=submission).update(sent_at=timezone.now())
        return submission.follow_up

    return make


def _newsletter_confirmation(submission):
    """Someone asked for the newsletter: the confirmation of the address is to go."""
    from newsletter.models import Subscription

    return Subscription.objects.create(email=APPLICANT, language="nb", news=True)


def _newsletter_delivery(submission):
    """A confirmed subscriber handed an article's announcement (newsletter/sending.py)."""
    from newsletter.models import Delivery, Dispatch

    subscriber = _newsletter_confirmation(submission)
    subscriber.confirmed_at = timezone.now()
    subscriber.save()
    dispatch = Dispatch.objects.create(
        topic="news", key="news:test", language="nb", title="Nyhet", url="http://x/"
    )
    return Delivery.objects.create(dispatch=dispatch, subscription=subscriber)


PENDING_ROWS = {
    "receipt": (lambda submission: submission, APPLICANT),
    "staff_notice": (lambda submission: submission, STAFF),
    "reply_letter": (_letter, APPLICANT),
    "draft_resume_link": (_draft_link, APPLICANT),
    "withdrawal_receipt": (_withdrawn, APPLICANT),
    "withdrawal_notice": (_withdrawn, STAFF),
    "acceptance_receipt": (_accepted, APPLICANT),
    "acceptance_reminder": (_awaiting_acceptance, APPLICANT),
    "report_reminder": (_report_missing(0), APPLICANT),
    "report_overdue": (_report_missing(-7), APPLICANT),
    "newsletter_confirmation": (_newsletter_confirmation, APPLICANT),
    "newsletter_delivery": (_newsletter_delivery, APPLICANT),
}
KINDS = list(PENDING_ROWS)


class Pending:
    """One pending row of a kind: what to send, to whom, and its marker and error now."""

    def __init__(self, kind, row, recipient):
        self.kind, self.pk, self.recipient = kind, row.pk, recipient
        self.mail_kind = outgoing_mail.kind_named(kind)
        self.model = type(row)

    @property
    def row(self):
        return self.model.objects.get(pk=self.pk)

    @property
    def sent_at(self):
        return getattr(self.row, self.mail_kind.sent_field)

    @property
    def error(self):
        return getattr(self.row, self.mail_kind.error_field)

    def is_pending(self):
        return self.mail_kind.pending().filter(pk=self.pk).exists()

    def sent(self):
        return [m for m in mail.outbox if m.to == [self.recipient]]


def make_pending(kind, client, page, keys):
    """An application posted (its mail never queued: the test's transaction does not
    commit), and the kind's row made from it, the only mail pending."""
    post_application(client, page, valid_answers(keys))
    make_row, recipient = PENDING_ROWS[kind]
    row = make_row(ApplicationSubmission.objects.get())
    # The application's other mail counts as gone: what is sent below is this kind's.
    for other in outgoing_mail.kinds():
        if other.name != kind:
            other.pending().update(**{other.sent_field: timezone.now()})
    return Pending(kind, row, recipient)


@pytest.fixture(params=KINDS)
def pending(request, client, home_page, clock):
    clock(oslo(2026, 4, 1, 12, 0))
    _program, page, keys = build_form(home_page)
    return make_pending(request.param, client, page, keys)


def retry(*kinds):
    out = io.StringIO()
    call_command("send_queued_mail", *[f"--kind={kind}" for kind in kinds], stdout=out)
    return out.getvalue()


class Rollback(Exception):
    pass


def test_every_kind_of_mail_is_tested_here():
    assert sorted(kind.name for kind in outgoing_mail.kinds()) == sorted(KINDS)


def test_nothing_goes_before_the_transaction_commits(pending, django_capture_on_commit_callbacks):
    # Rolled back: never sent.
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Rollback), transaction.atomic():
            outgoing_mail.queue(pending.kind, pending.pk)
            raise Rollback
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=False) as committing:
        with transaction.atomic():
            outgoing_mail.queue(pending.kind, pending.pk)
        assert mail.outbox == []
    assert mail.outbox == [] and pending.sent_at is None
    for callback in committing:  # the commit
        callback()
    assert len(pending.sent()) == 1


def test_it_goes_once_and_is_marked_sent(pending):
    assert pending.is_pending()
    assert outgoing_mail.send(pending.kind, pending.pk) is True
    assert len(pending.sent()) == 1
    assert pending.sent_at is not None and pending.error == ""
    assert not pending.is_pending()
    # A second sender (a task queued twice, the cron retry) finds it sent and sends nothing.
    assert outgoing_mail.send(pending.kind, pending.pk) is False
    retry()
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_records_the_error_and_the_retry_sends_it_later(pending, smtp_down):
    with pytest.raises(outgoing_mail.MailNotSent):
        outgoing_mail.send(pending.kind, pending.pk)
    assert pending.sent_at is None
    assert "ConnectionRefusedError" in pending.error
    assert pending.is_pending()
    # Still down: the retry fails too and keeps it pending.
    assert "0 e-poster sendt, 1 feilet." in retry(pending.kind)
    assert pending.is_pending()

    smtp_down()  # the mail server is back
    other_kinds = [kind for kind in KINDS if kind != pending.kind]
    retry(*other_kinds)
    assert pending.sent() == []  # --kind sends only the kinds named
    assert "1 e-poster sendt, 0 feilet." in retry(pending.kind)
    assert len(pending.sent()) == 1
    assert pending.sent_at is not None and pending.error == ""
    retry()
    assert len(pending.sent()) == 1


def test_the_old_command_name_still_sends_what_is_pending(pending):
    call_command("send_application_emails", stdout=io.StringIO())
    assert len(pending.sent()) == 1 and pending.sent_at


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.postgresql_only(
    reason="Row locks are PostgreSQL's; SQLite serialises writers. CI runs this on PostgreSQL.",
)
@pytest.mark.parametrize("kind", KINDS)
def test_a_row_another_sender_holds_is_skipped_not_waited_for(kind, home_page):
    program, page, keys = build_form(home_page)
    program.application_opens = timezone.now() - timezone.timedelta(days=1)
    program.application_closes = timezone.now() + timezone.timedelta(days=1)
    program.save_revision().publish()
    # Committed for real here, so the mail is queued to a backend that never runs it.
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        pending = make_pending(kind, Client(), page, keys)
    assert pending.is_pending()

    locked, release = threading.Event(), threading.Event()

    def other_sender():
        # Holds the row as a sender does while it talks to the mail server.
        try:
            with transaction.atomic():
                pending.model.objects.select_for_update().get(pk=pending.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    sender = threading.Thread(target=other_sender)
    sender.start()
    try:
        assert locked.wait(10)
        assert outgoing_mail.send(kind, pending.pk) is False
        assert mail.outbox == []  # skipped, not sent a second time, and not blocked
    finally:
        release.set()
        sender.join()
    assert outgoing_mail.send(kind, pending.pk) is True
    assert outgoing_mail.send(kind, pending.pk) is False
    assert len(pending.sent()) == 1


# What only a reply letter has: a decision that may change before it goes.


@pytest.fixture
def letter(client, home_page, clock):
    clock(oslo(2026, 4, 1, 12, 0))
    _program, page, keys = build_form(home_page)
    return make_pending("reply_letter", client, page, keys)


def test_a_letter_whose_decision_changed_before_it_went_is_not_sent(letter):
    ApplicationSubmission.objects.update(status="avslatt")
    assert outgoing_mail.send("reply_letter", letter.pk) is False
    retry()
    assert mail.outbox == [] and letter.sent_at is None


def test_a_letter_queued_again_after_a_failure_is_not_doubled(letter, smtp_down):
    with pytest.raises(outgoing_mail.MailNotSent):
        outgoing_mail.send("reply_letter", letter.pk)
    smtp_down()
    submission = ApplicationSubmission.objects.get()
    assert queue_reply_letters([submission], None) == (1, 0)
    assert ReplyLetter.objects.get().pk == letter.pk
    retry()
    assert len(mail.outbox) == 1
    assert submission.reply_letter_sent()
