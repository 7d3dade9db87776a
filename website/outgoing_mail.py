"""The one way the site sends e-mail to applicants and staff: receipts, staff notices, reply
letters and whatever comes later.

Each kind of mail is registered by its app (AppConfig.ready) as a MailKind: which rows still
wait for their mail, the field marking one sent, the field holding the last error, and how to
write the message for a row. Then every kind is sent the same way:

- queue(kind, pk) hands the row to a background task once the transaction that stored it
  commits, so nothing goes for a row that was rolled back, and a slow or broken mail server
  can neither block nor lose what was stored;
- send(kind, pk) locks the row (skipping it if another sender holds it), sends it if it is
  still pending, and marks it sent in the same transaction; should the database fail after
  the mail went, it goes again on the next retry (twice rather than never);
- a failure is logged and recorded on the row, which stays pending, and fails the task (so
  the task backend records it too);
- `manage.py send_queued_mail`, run from cron, is the retry: it sends every pending row of
  every kind. django-tasks has no retries of its own.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.utils import timezone

from django_tasks import task

logger = logging.getLogger(__name__)

# A mail server that accepts the connection and then never answers would otherwise hold the
# sender (the immediate task backend sends from the request) until the server kills it.
SMTP_TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class MailKind:
    name: str
    # The rows whose mail should still go: unsent, not withheld, still wanted.
    pending: Callable[[], models.QuerySet]
    sent_field: str
    error_field: str
    # The message for a pending row, or None when nothing is to go (after recording why, if
    # it should never go). Called inside the transaction holding the row's lock.
    message: Callable[[models.Model], EmailMessage | None]
    # What the log calls the row: no personal data («Kvittering for VKU-2026-0001»).
    describe: Callable[[models.Model], str]
    # Called in the same transaction once the row is marked sent (e.g. the audit log).
    after_sent: Callable[[models.Model], None] = lambda row: None


_kinds = {}


def register(kind):
    _kinds[kind.name] = kind
    return kind


def kinds():
    return list(_kinds.values())


def kind_named(name):
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No mail kind named {name!r}; registered: {sorted(_kinds)}") from None


class MailNotSent(Exception):
    """The mail server refused or failed; the row stays pending for the retry."""


def queue(kind, pk):
    """Send the row's mail in the background once the current transaction commits."""
    kind_named(kind)  # a typo fails here, in the caller, not later in a worker
    transaction.on_commit(lambda: _enqueue(kind, pk))


def _enqueue(kind, pk):
    try:
        send_in_background.enqueue(kind, pk)
    except Exception:
        # Never let the queue turn what was stored into an error page: the retry sends it.
        logger.exception("Kunne ikke legge e-post (%s %s) i køen", kind, pk)


@task()
def send_in_background(kind, pk):
    return send(kind, pk)


def transmit(message):
    message.connection = get_connection(timeout=settings.EMAIL_TIMEOUT or SMTP_TIMEOUT_SECONDS)
    message.send()


def send(kind, pk):
    """Send the row's mail unless it has gone, is withheld, or another sender holds it.
    True when this call sent it; raises MailNotSent when the mail server failed."""
    kind = kind_named(kind)
    failure = None
    with transaction.atomic():
        # skip_locked: a task and the cron retry running at the same time must not both
        # send, and the second should move on rather than wait (PostgreSQL; SQLite has no
        # row locks and serialises writers instead).
        row = kind.pending().select_for_update(skip_locked=True, of=("self",)).filter(pk=pk).first()
        if row is None:
            return False
        message = kind.message(row)
        if message is None:
            return False
        rows = type(row).objects.filter(pk=pk)
        try:
            transmit(message)
        except Exception as error:
            logger.exception("%s ble ikke sendt", kind.describe(row))
            rows.update(**{kind.error_field: f"{type(error).__name__}: {error}"[:1000]})
            failure = error
        else:
            marked = {kind.sent_field: timezone.now(), kind.error_field: ""}
            rows.update(**marked)
            for field, value in marked.items():
                setattr(row, field, value)
            kind.after_sent(row)
    if failure is not None:
        # Raised after the commit, so the recorded error stays.
        raise MailNotSent(f"{kind.describe(row)} ble ikke sendt") from failure
    return True


def send_pending(kind_names=None):
    """Send every pending row of the given kinds (all by default): (sent, failed)."""
    sent = failed = 0
    for kind in kinds():
        if kind_names and kind.name not in kind_names:
            continue
        for pk in list(kind.pending().values_list("pk", flat=True)):
            try:
                sent += send(kind.name, pk)
            except MailNotSent:
                failed += 1
    return sent, failed
