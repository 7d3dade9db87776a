"""The two mails of a missing report (forms/reports.py queues them), by the one mail path
(website/outgoing_mail.py): the reminder before the report's due date and the notice after
it. Both go to the granted application's own address, in the language it came in, with the
report's due date and the personal link to the report form; neither goes to the staff."""

from functools import partial

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from website import outgoing_mail
from website.dates import oslo_date

from .headers import one_line
from .reports import REPORT_OVERDUE, REPORT_REMINDER, due_report_mail, report_form_for, report_link


def report_mail_message(template, follow_up):
    submission = follow_up.submission
    page, source = submission.page_in_language(), submission.page.specific
    report_form = report_form_for(source)
    link = report_link(submission)
    if report_form is None or link is None:
        return None  # the report form was taken down: nothing to point to
    with translation.override(submission.language):
        context = {
            "submission": submission,
            "page": page,
            "program": page.program,
            "due": report_form.report_due,
            "report_url": link,
        }
        subject = render_to_string(f"forms/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"forms/emails/{template}.txt", context)
    return EmailMessage(
        one_line(subject), body, source.from_address or None, [submission.applicant_email]
    )


def _due(kind):
    # Only those due today: the cron retry (send_queued_mail) must not send one early.
    return due_report_mail(kind, oslo_date(timezone.now())).select_related(
        "submission", "submission__page", "submission__municipality"
    )


# The reminder before the due date and the notice after it: the same mail, its own text and
# its own «sent» field on the follow-up (report_reminder_sent_at, report_overdue_sent_at).
for _kind, _description in [
    (REPORT_REMINDER, "Påminnelse om rapport"),
    (REPORT_OVERDUE, "Purring på rapport"),
]:
    outgoing_mail.register(
        outgoing_mail.MailKind(
            name=_kind,
            pending=partial(_due, _kind),
            sent_field=f"{_kind}_sent_at",
            error_field=f"{_kind}_error",
            message=partial(report_mail_message, _kind),
            describe=lambda f, d=_description: f"{d} for {f.submission.reference}",
        )
    )
