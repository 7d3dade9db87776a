"""The mail server fails while applications arrive: nothing is lost, the retry sends it once."""

import io
import logging
import socket
import threading
import time

from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

import pytest
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from forms.models import ApplicationSubmission
from tests.conftest import oslo
from tests.forms_helpers import build_form, post_application, valid_answers
from website import outgoing_mail

APPLICANT = "kari@bergen.kommune.no"
STAFF = "program@kulturskoleradet.no"


@pytest.fixture
def form(home_page, clock):
    clock(oslo(2026, 4, 1, 12, 0))
    _program, page, keys = build_form(home_page)
    return page, keys


@pytest.fixture
def task_results():
    """Every finished e-mail task's result, as the task backend recorded it."""
    results = []

    def record(sender, task_result, **kwargs):
        if task_result.task.module_path.startswith("website.outgoing_mail."):  # not Wagtail's
            results.append(task_result)

    task_finished.connect(record)
    yield results
    task_finished.disconnect(record)


def apply(client, form, django_capture_on_commit_callbacks):
    page, keys = form
    # The e-mails are queued when the application's transaction commits, as in a request.
    with django_capture_on_commit_callbacks(execute=True):
        response = post_application(client, page, valid_answers(keys))
    assert response.status_code == 302
    return client.get(response["Location"])


def retry():
    out = io.StringIO()
    call_command("send_queued_mail", stdout=out)
    return out.getvalue()


def test_an_application_sent_while_smtp_is_down_is_kept_and_mailed_once_by_the_retry(
    client, form, smtp_down, task_results, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.ERROR, logger="website.outgoing_mail"):
        confirmation = apply(client, form, django_capture_on_commit_callbacks)

    # The applicant is told it arrived, and it did, with its reference.
    assert confirmation.status_code == 200
    assert "VKU-2026-0001" in confirmation.content.decode()
    submission = ApplicationSubmission.objects.get()
    assert submission.reference == "VKU-2026-0001"
    assert submission.receipt_sent_at is None and submission.notification_sent_at is None
    assert mail.outbox == []
    # The failure is recorded: logged with the reference, and both tasks failed with the cause.
    assert "Kvittering for VKU-2026-0001 ble ikke sendt" in caplog.text
    assert "Varsel om VKU-2026-0001 ble ikke sendt" in caplog.text
    assert [r.status for r in task_results] == [TaskResultStatus.FAILED] * 2
    assert all(
        r.errors[0].exception_class_path == "website.outgoing_mail.MailNotSent"
        for r in task_results
    )
    assert all("ConnectionRefusedError" in r.errors[0].traceback for r in task_results)

    # A retry while the server is still down sends nothing and keeps the application unsent.
    retry()
    submission.refresh_from_db()
    assert submission.receipt_sent_at is None and submission.notification_sent_at is None

    smtp_down()  # the mail server is back
    retry()
    assert sorted(m.to[0] for m in mail.outbox) == [APPLICANT, STAFF]
    receipt = next(m for m in mail.outbox if m.to == [APPLICANT])
    assert "Referansenummer: VKU-2026-0001" in receipt.body
    submission.refresh_from_db()
    assert submission.receipt_sent_at and submission.notification_sent_at

    # Cron runs it again later: nothing goes twice.
    retry()
    assert len(mail.outbox) == 2


def test_the_retry_sends_only_what_is_missing(client, form, django_capture_on_commit_callbacks):
    apply(client, form, django_capture_on_commit_callbacks)
    first = ApplicationSubmission.objects.get()
    mail.outbox.clear()
    # Only the staff notification failed for this one.
    ApplicationSubmission.objects.filter(pk=first.pk).update(notification_sent_at=None)
    retry()
    assert [m.to for m in mail.outbox] == [[STAFF]]


def test_a_mail_server_that_never_answers_does_not_hold_the_applicant(
    client, form, settings, monkeypatch, django_capture_on_commit_callbacks
):
    # Accepts connections (the kernel's backlog) but never says hello.
    silent = socket.create_server(("127.0.0.1", 0))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent.getsockname()[1]
    settings.EMAIL_TIMEOUT = None
    monkeypatch.setattr(outgoing_mail, "SMTP_TIMEOUT_SECONDS", 0.5)
    # Should the timeout go missing, this test fails after 2 × 10 seconds instead of hanging.
    default_timeout = socket.getdefaulttimeout()
    socket.setdefaulttimeout(10)
    try:
        started = time.monotonic()
        confirmation = apply(client, form, django_capture_on_commit_callbacks)
        elapsed = time.monotonic() - started
    finally:
        socket.setdefaulttimeout(default_timeout)
        silent.close()
    assert confirmation.status_code == 200
    # Two mails, each given up after the timeout; without one this would hang.
    assert elapsed < 8
    assert ApplicationSubmission.objects.get().receipt_sent_at is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.postgresql_only(
    reason="Row locks are PostgreSQL's; SQLite serialises writers. CI runs this on PostgreSQL.",
)
def test_the_retry_does_not_send_what_another_worker_is_sending(home_page):
    program, page, keys = build_form(home_page)
    program.application_opens = timezone.now() - timezone.timedelta(days=1)
    program.application_closes = timezone.now() + timezone.timedelta(days=1)
    program.save_revision().publish()
    with pytest.MonkeyPatch.context() as patch:
        # The request's own tasks "fail", so both e-mails are left for the retry.
        patch.setattr(outgoing_mail, "transmit", _refuse)
        assert post_application(Client(), page, valid_answers(keys)).status_code == 302
    submission = ApplicationSubmission.objects.get()
    assert submission.receipt_sent_at is None

    locked, release = threading.Event(), threading.Event()

    def other_worker():
        # Holds the application's row as a sender does while it talks to the mail server.
        try:
            with transaction.atomic():
                ApplicationSubmission.objects.select_for_update().get(pk=submission.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    try:
        assert locked.wait(10)
        retry()
        assert mail.outbox == []  # skipped, not sent a second time, and not blocked
    finally:
        release.set()
        worker.join()
    # The other sender gave up without sending: the next retry sends each mail once.
    retry()
    retry()
    assert sorted(m.to[0] for m in mail.outbox) == [APPLICANT, STAFF]


def _refuse(*args, **kwargs):
    raise ConnectionRefusedError("smtp down")
