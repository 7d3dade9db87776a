"""The applicant's receipt and the staff notification: two kinds of outgoing mail
(website/outgoing_mail.py queues, locks, marks, records errors and retries them).

Neither carries what the applicant typed. The notification is the reference, municipality,
form, time and a link into the admin: whoever reads the notification address reads no
personal data; the application itself is read behind the sign-in. The receipt confirms the
reference, program, municipality, reply date and the personal status link, where the
applicant reads the answers: anyone can type any address into the form, so the receipt
must not be a way to send text of one's choosing from the organisation's address. For the
same reason an address gets at most a few receipts a day (counted in the database, so
across servers); one over the limit is withheld for good, and the application is kept.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Site

from home.models import SiteSettings
from website import outgoing_mail
from website.dates import OSLO

from .headers import one_line
from .models.submissions import ApplicationSubmission
from .status_links import status_url

logger = logging.getLogger(__name__)

RECEIPT = "receipt"
STAFF_NOTICE = "staff_notice"
APPLICATION_MAIL = (RECEIPT, STAFF_NOTICE)


def _site(source):
    return source.get_site() or Site.objects.filter(is_default_site=True).first()


def _receipt_context(submission, page, source):
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
    today = timezone.localtime(now or timezone.now(), OSLO).date()
    midnight = datetime.datetime.combine(today, datetime.time.min, tzinfo=OSLO)
    return ApplicationSubmission.objects.filter(
        applicant_email__iexact=address, receipt_sent_at__gte=midnight
    ).count()


def _withhold_receipt(submission, limit):
    ApplicationSubmission.objects.filter(pk=submission.pk).update(
        receipt_withheld_at=timezone.now()
    )
    # Without the address: the log is no place for personal data.
    logger.warning(
        "Kvittering for %s ble holdt tilbake: adressen har fått %s kvitteringer i dag",
        submission.reference,
        limit,
    )


def _message(subject, body, from_address, recipients):
    # One line whatever a title holds: a line break would make Django refuse the mail.
    return EmailMessage(one_line(subject), body, from_address or None, recipients)


def receipt_message(submission):
    """The receipt, or None when the address had its receipts for the day (then withheld)."""
    limit = receipts_per_address_per_day()
    lock_address(submission.applicant_email)
    if receipts_sent_today(submission.applicant_email) >= limit:
        _withhold_receipt(submission, limit)
        return None
    page, source = submission.page_in_language(), submission.page.specific
    with translation.override(submission.language):
        context = _receipt_context(submission, page, source)
        subject = render_to_string("forms/emails/receipt_subject.txt", context).strip()
        body = render_to_string("forms/emails/receipt.txt", context)
    return _message(subject, body, source.from_address, [submission.applicant_email])


def staff_notice_message(submission):
    """The staff notification, or None while the form page names no address."""
    source = submission.page.specific
    addresses = [a.strip() for a in source.to_address.split(",") if a.strip()]
    if not addresses:
        return None
    # Staff read Norwegian, whatever language the application came in.
    with translation.override("nb"):
        context = _notification_context(submission, source)
        subject = render_to_string("forms/emails/notification_subject.txt", context).strip()
        body = render_to_string("forms/emails/notification.txt", context)
    return _message(subject, body, source.from_address, addresses)


def _unsent(**markers):
    return ApplicationSubmission.objects.filter(
        anonymised_at__isnull=True, **markers
    ).select_related("page")


outgoing_mail.register(
    outgoing_mail.MailKind(
        name=RECEIPT,
        # A withheld receipt (too many to one address in a day) is never sent.
        pending=lambda: _unsent(
            receipt_sent_at__isnull=True, receipt_withheld_at__isnull=True
        ).exclude(applicant_email=""),
        sent_field="receipt_sent_at",
        error_field="receipt_error",
        message=receipt_message,
        describe=lambda submission: f"Kvittering for {submission.reference}",
    )
)

outgoing_mail.register(
    outgoing_mail.MailKind(
        name=STAFF_NOTICE,
        pending=lambda: _unsent(notification_sent_at__isnull=True),
        sent_field="notification_sent_at",
        error_field="notification_error",
        message=staff_notice_message,
        describe=lambda submission: f"Varsel om {submission.reference}",
    )
)
