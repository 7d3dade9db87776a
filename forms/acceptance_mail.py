"""The two mails of an acceptance (forms/acceptance.py queues them), by the one mail path
(website/outgoing_mail.py): the confirmation to the applicant once the municipality has
accepted, and the reminder before the deadline. Both go to the application's own address
only, in the language it came in; neither goes to the staff, so no personal data leaves in
a staff mail."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from website import outgoing_mail
from website.dates import oslo_date

from .acceptance import ACCEPTANCE_RECEIPT, ACCEPTANCE_REMINDER, due_acceptance_reminders
from .headers import one_line
from .models.follow_up import GrantFollowUp
from .status_links import status_url


def _render(template, context):
    subject = render_to_string(f"forms/emails/{template}_subject.txt", context).strip()
    return one_line(subject), render_to_string(f"forms/emails/{template}.txt", context)


def _message(template, follow_up, **extra):
    submission = follow_up.submission
    page, source = submission.page_in_language(), submission.page.specific
    with translation.override(submission.language):
        subject, body = _render(
            template,
            {
                "submission": submission,
                "follow_up": follow_up,
                "page": page,
                "program": page.program,
                # The deadline's day in Oslo, not in UTC as the database returns it.
                "deadline_day": oslo_date(follow_up.acceptance_deadline)
                if follow_up.acceptance_deadline
                else None,
                **extra,
            },
        )
    return EmailMessage(subject, body, source.from_address or None, [submission.applicant_email])


def acceptance_receipt_message(follow_up):
    return _message("acceptance_receipt", follow_up)


def acceptance_reminder_message(follow_up):
    return _message("acceptance_reminder", follow_up, status_url=status_url(follow_up.submission))


def _with_address():
    return (
        GrantFollowUp.objects.filter(submission__anonymised_at__isnull=True)
        .exclude(submission__applicant_email="")
        .select_related("submission", "submission__page", "submission__municipality")
    )


outgoing_mail.register(
    outgoing_mail.MailKind(
        name=ACCEPTANCE_RECEIPT,
        pending=lambda: _with_address().filter(
            accepted_at__isnull=False, acceptance_receipt_sent_at__isnull=True
        ),
        sent_field="acceptance_receipt_sent_at",
        error_field="acceptance_receipt_error",
        message=acceptance_receipt_message,
        describe=lambda f: f"Bekreftelse på aksept av {f.submission.reference}",
    )
)

outgoing_mail.register(
    outgoing_mail.MailKind(
        name=ACCEPTANCE_REMINDER,
        # Only those due now: the cron retry (send_queued_mail) must not send one early.
        pending=lambda: _with_address().filter(pk__in=due_acceptance_reminders(timezone.now())),
        sent_field="acceptance_reminder_sent_at",
        error_field="acceptance_reminder_error",
        message=acceptance_reminder_message,
        describe=lambda f: f"Påminnelse om aksept for {f.submission.reference}",
    )
)
