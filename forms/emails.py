"""The applicant's receipt and the staff notification, sent as background tasks.

Neither carries what the applicant typed. The notification is the reference, municipality,
form, time and a link into the admin: whoever reads the notification address reads no
personal data; the application itself is read behind the sign-in. The receipt confirms the
reference, program, municipality, reply date and the personal status link, where the
applicant reads the answers: anyone can type any address into the form, so the receipt
must not be a way to send text of one's choosing from the organisation's address. For the
same reason an address gets at most a few receipts a day (counted in the database, so
across servers); one over the limit is withheld for good, and the application is kept.

The application is stored before either is queued, so a slow or broken mail server can
neither block nor lose it. A failed sending is logged, fails its task (so the task backend
records the error) and is left unmarked; the command `send_application_emails`, run from
cron, is the retry: it sends whatever is still unsent. django-tasks 0.12 has no retries of
its own.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale, Site

from django_tasks import task

from program.application_window import OSLO

from .headers import one_line
from .status_page import status_url

logger = logging.getLogger(__name__)


def _page_in_language(submission):
    source = submission.page.specific
    locale = Locale.objects.filter(language_code=submission.language).first()
    translated = source.get_translation_or_none(locale) if locale else None
    return (translated.specific if translated else source), source


def _site(source):
    return source.get_site() or Site.objects.filter(is_default_site=True).first()


def _receipt_context(submission, page, source):
    from home.models import SiteSettings

    site = _site(source)
    return {
        "submission": submission,
        "page": page,
        "program": page.program,
        "site_settings": SiteSettings.for_site(site) if site else None,
        "status_url": status_url(submission),
    }


def admin_url(submission, source):
    """The application in «Søknader», absolute, on the form page's site."""
    path = reverse("applications:inspect", args=[submission.pk])
    site = _site(source)
    return (site.root_url if site else "") + path


def _notification_context(submission, source):
    return {
        "submission": submission,
        "page": source,
        "admin_url": admin_url(submission, source),
    }


def receipts_per_address_per_day():
    return getattr(settings, "APPLICATION_RECEIPTS_PER_ADDRESS_PER_DAY", 3)


def lock_address(address):
    """Hold the address until the transaction ends (PostgreSQL), so receipts to one address
    sent at the same moment by several workers are counted one after the other."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [address.lower()])


def receipts_sent_today(address, now=None):
    """Receipts sent to this address (in any letter case) since midnight in Oslo."""
    from .models import ApplicationSubmission

    today = timezone.localtime(now or timezone.now(), OSLO).date()
    midnight = datetime.datetime.combine(today, datetime.time.min, tzinfo=OSLO)
    return ApplicationSubmission.objects.filter(
        applicant_email__iexact=address, receipt_sent_at__gte=midnight
    ).count()


# A mail server that accepts the connection and then never answers would otherwise hold the
# request (the immediate task backend sends from it) until the server kills the worker.
SMTP_TIMEOUT_SECONDS = 15


class MailNotSent(Exception):
    """The mail server refused or failed; the task fails and the retry command sends later."""


def _claim_unsent(submission_id, sent_field, **still):
    """The application, row-locked, if its e-mail is still unsent and nobody else is sending it.

    Call inside a transaction. The lock keeps the cron retry and a task running at the same
    time from both sending; skip_locked lets the second one move on instead of waiting.
    """
    from .models import ApplicationSubmission

    return (
        ApplicationSubmission.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("page")
        .filter(pk=submission_id, **{f"{sent_field}__isnull": True}, **still)
        .first()
    )


def _send(submission, sent_field, failure, subject, body, from_address, recipients):
    from .models import ApplicationSubmission

    connection = get_connection(timeout=settings.EMAIL_TIMEOUT or SMTP_TIMEOUT_SECONDS)
    try:
        # One line whatever a title holds: a line break would make Django refuse the mail.
        send_mail(one_line(subject), body, from_address or None, recipients,
                  connection=connection)
    except Exception as error:
        logger.exception(failure, submission.reference)
        raise MailNotSent(failure % submission.reference) from error
    # Marked in the same transaction as the lock: should the database fail now, the mail
    # goes again on the next retry (twice rather than never).
    ApplicationSubmission.objects.filter(pk=submission.pk).update(**{sent_field: timezone.now()})


def _withhold_receipt(submission, limit):
    from .models import ApplicationSubmission

    ApplicationSubmission.objects.filter(pk=submission.pk).update(
        receipt_withheld_at=timezone.now()
    )
    # Without the address: the log is no place for personal data.
    logger.warning(
        "Kvittering for %s ble holdt tilbake: adressen har fått %s kvitteringer i dag",
        submission.reference, limit,
    )


@task()
def send_application_receipt(submission_id):
    """Send the applicant's receipt unless it has gone or was withheld. True when this call
    sent it."""
    with transaction.atomic():
        submission = _claim_unsent(
            submission_id, "receipt_sent_at", receipt_withheld_at__isnull=True
        )
        if submission is None or not submission.applicant_email:
            return False
        limit = receipts_per_address_per_day()
        lock_address(submission.applicant_email)
        if receipts_sent_today(submission.applicant_email) >= limit:
            _withhold_receipt(submission, limit)
            return False
        page, source = _page_in_language(submission)
        with translation.override(submission.language):
            context = _receipt_context(submission, page, source)
            subject = render_to_string("forms/emails/receipt_subject.txt", context).strip()
            body = render_to_string("forms/emails/receipt.txt", context)
        _send(submission, "receipt_sent_at", "Kvittering for %s ble ikke sendt", subject, body,
              source.from_address, [submission.applicant_email])
    return True


@task()
def send_staff_notification(submission_id):
    """Send the staff notification unless it has gone. True when this call sent it."""
    with transaction.atomic():
        submission = _claim_unsent(submission_id, "notification_sent_at")
        if submission is None:
            return False
        source = submission.page.specific
        addresses = [a.strip() for a in source.to_address.split(",") if a.strip()]
        if not addresses:
            return False
        # Staff read Norwegian, whatever language the application came in.
        with translation.override("nb"):
            context = _notification_context(submission, source)
            subject = render_to_string("forms/emails/notification_subject.txt", context).strip()
            body = render_to_string("forms/emails/notification.txt", context)
        _send(submission, "notification_sent_at", "Varsel om %s ble ikke sendt", subject, body,
              source.from_address, addresses)
    return True


def queue_application_emails(submission_id):
    for sender in (send_application_receipt, send_staff_notification):
        try:
            sender.enqueue(submission_id)
        except Exception:
            # Never let the mail queue turn a stored application into an error page.
            logger.exception("Kunne ikke legge e-post for søknad %s i køen", submission_id)
