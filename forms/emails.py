"""The applicant's receipt and the staff notification, sent as background tasks.

The application is stored before either is queued, so a slow or broken mail server can
neither block nor lose it. A failed sending is logged and left unmarked; the command
`send_application_emails` sends whatever is still unsent.
"""

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from wagtail.models import Locale

from django_tasks import task

from .answers import grouped_answers
from .status_page import status_url

logger = logging.getLogger(__name__)


def _page_in_language(submission):
    source = submission.page.specific
    locale = Locale.objects.filter(language_code=submission.language).first()
    translated = source.get_translation_or_none(locale) if locale else None
    return (translated.specific if translated else source), source


def _context(submission, page, source):
    from home.models import SiteSettings

    site = source.get_site()
    return {
        "submission": submission,
        "page": page,
        "program": page.program,
        "answers": grouped_answers(
            submission, {f.clean_name: f.label for f in page.get_form_fields()}
        ),
        "site_settings": SiteSettings.for_site(site) if site else None,
        "earlier": submission.duplicate_of,
        "status_url": status_url(submission),
    }


@task()
def send_application_receipt(submission_id):
    from .models import ApplicationSubmission

    submission = ApplicationSubmission.objects.select_related("page").get(pk=submission_id)
    if submission.receipt_sent_at or not submission.applicant_email:
        return False
    page, source = _page_in_language(submission)
    with translation.override(submission.language):
        context = _context(submission, page, source)
        subject = render_to_string("forms/emails/receipt_subject.txt", context).strip()
        body = render_to_string("forms/emails/receipt.txt", context)
    try:
        send_mail(subject, body, source.from_address or None, [submission.applicant_email])
    except Exception:
        logger.exception("Kvittering for %s ble ikke sendt", submission.reference)
        return False
    ApplicationSubmission.objects.filter(pk=submission.pk).update(receipt_sent_at=timezone.now())
    return True


@task()
def send_staff_notification(submission_id):
    from .models import ApplicationSubmission

    submission = ApplicationSubmission.objects.select_related("page").get(pk=submission_id)
    source = submission.page.specific
    addresses = [a.strip() for a in source.to_address.split(",") if a.strip()]
    if submission.notification_sent_at or not addresses:
        return False
    # Staff read Norwegian, whatever language the application came in.
    with translation.override("nb"):
        context = _context(submission, source, source)
        subject = render_to_string("forms/emails/notification_subject.txt", context).strip()
        body = render_to_string("forms/emails/notification.txt", context)
    try:
        send_mail(subject, body, source.from_address or None, addresses)
    except Exception:
        logger.exception("Varsel om %s ble ikke sendt", submission.reference)
        return False
    ApplicationSubmission.objects.filter(pk=submission.pk).update(
        notification_sent_at=timezone.now()
    )
    return True


def queue_application_emails(submission_id):
    for sender in (send_application_receipt, send_staff_notification):
        try:
            sender.enqueue(submission_id)
        except Exception:
            # Never let the mail queue turn a stored application into an error page.
            logger.exception("Kunne ikke legge e-post for søknad %s i køen", submission_id)
