"""The two mails a withdrawal sends (forms/status_page.py withdraw() queues them): a
confirmation to the applicant and a notice to the staff, by the one mail path
(website/outgoing_mail.py), which locks, marks, records errors and retries them.

The privacy rules are those of the receipt and the staff notice (forms/emails.py): the
confirmation carries no answers, only the reference, program, municipality and time; the
notice carries no personal data, only the reference, form, time and a link into the admin.
The confirmation needs the personal status link to be set off, so unlike the receipt it
cannot be used to send mail to an address of one's choosing, and needs no daily limit.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from website import outgoing_mail

from .emails import admin_url
from .headers import one_line
from .models.submissions import ApplicationSubmission
from .status_page import WITHDRAWAL_NOTICE, WITHDRAWAL_RECEIPT


def _render(template, context):
    subject = render_to_string(f"forms/emails/{template}_subject.txt", context).strip()
    return one_line(subject), render_to_string(f"forms/emails/{template}.txt", context)


def withdrawal_receipt_message(submission):
    """The confirmation to the applicant, in the language they applied in."""
    page, source = submission.page_in_language(), submission.page.specific
    with translation.override(submission.language):
        subject, body = _render(
            "withdrawal_receipt", {"submission": submission, "page": page, "program": page.program}
        )
    return EmailMessage(subject, body, source.from_address or None, [submission.applicant_email])


def withdrawal_notice_message(submission):
    """The notice to the staff, or None while the form page names no address."""
    source = submission.page.specific
    addresses = [a.strip() for a in source.to_address.split(",") if a.strip()]
    if not addresses:
        return None
    # Staff read Norwegian, whatever language the application came in.
    with translation.override("nb"):
        subject, body = _render(
            "withdrawal_notice",
            {"submission": submission, "page": source, "admin_url": admin_url(submission, source)},
        )
    return EmailMessage(subject, body, source.from_address or None, addresses)


def _withdrawn(**markers):
    return ApplicationSubmission.objects.filter(
        withdrawn_at__isnull=False, anonymised_at__isnull=True, **markers
    ).select_related("page", "municipality")


outgoing_mail.register(
    outgoing_mail.MailKind(
        name=WITHDRAWAL_RECEIPT,
        pending=lambda: _withdrawn(withdrawal_receipt_sent_at__isnull=True).exclude(
            applicant_email=""
        ),
        sent_field="withdrawal_receipt_sent_at",
        error_field="withdrawal_receipt_error",
        message=withdrawal_receipt_message,
        describe=lambda submission: f"Bekreftelse på trekking av {submission.reference}",
    )
)

outgoing_mail.register(
    outgoing_mail.MailKind(
        name=WITHDRAWAL_NOTICE,
        pending=lambda: _withdrawn(withdrawal_notice_sent_at__isnull=True),
        sent_field="withdrawal_notice_sent_at",
        error_field="withdrawal_notice_error",
        message=withdrawal_notice_message,
        describe=lambda submission: f"Varsel om trekking av {submission.reference}",
    )
)
