"""Reply letters (svarbrev): a decision's letter rendered from the form page's template and
sent once per decision, as a background task."""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.models import Locale

from django_tasks import task

from forms.headers import one_line
from forms.letter_texts import TEMPLATE_FIELDS
from forms.models import DECISIONS, ApplicationSubmission, ReplyLetter, ReviewStatus
from program.templatetags.program_tags import date_and_time, long_date

logger = logging.getLogger(__name__)

class _Blank(dict):
    def __missing__(self, key):
        return ""


def placeholder_values(submission):
    page = submission.page.specific
    program = page.program
    return _Blank(
        kommune=submission.municipality.name if submission.municipality else _("kommunen"),
        kontaktperson=submission.contact_name or _("søker"),
        program=program.title if program else page.title,
        referanse=submission.reference,
        mottatt=date_and_time(submission.submit_time),
        svardato=long_date(getattr(program, "reply_date", None)),
        programstart=long_date(getattr(program, "program_start", None)),
        programslutt=long_date(getattr(program, "program_end", None)),
    )


def render_letter(submission, decision=None):
    """(subject, body) of the letter for the application's decision, in its language."""
    decision = decision or submission.status
    source = submission.page.specific
    locale = Locale.objects.filter(language_code=submission.language).first()
    page = (source.get_translation_or_none(locale) if locale else None) or source
    subject_field, body_field = TEMPLATE_FIELDS[ReviewStatus(decision)]
    with translation.override(submission.language):
        values = placeholder_values(submission)
        # A header has one line: an applicant's {kontaktperson} may hold a line break (or a
        # U+2028, or a control character), which would make the letter fail or add headers.
        subject = one_line(getattr(page.specific, subject_field).format_map(values))
        body = getattr(page.specific, body_field).format_map(values)
    return subject, body


def already_sent(submission):
    return submission.reply_letters.filter(
        decision=submission.status, sent_at__isnull=False
    ).exists()


def queue_reply_letters(submissions, user, resend=False):
    """Queue letters for decided applications; returns (queued, skipped). Undecided ones are
    never sent a letter, and one that already got its letter only when `resend` is chosen."""
    queued = skipped = 0
    for submission in submissions:
        if submission.status not in DECISIONS or not submission.applicant_email or (
            already_sent(submission) and not resend
        ):
            skipped += 1
            continue
        transaction.on_commit(
            lambda pk=submission.pk, status=submission.status: send_reply_letter.enqueue(
                pk, status, getattr(user, "pk", None), resend
            )
        )
        queued += 1
    return queued, skipped


@task()
def send_reply_letter(submission_id, decision, user_id=None, resend=False):
    submission = ApplicationSubmission.objects.select_related("page", "municipality").get(
        pk=submission_id
    )
    # The decision may have changed, or the letter gone out, since it was queued.
    if submission.status != decision or submission.status not in DECISIONS:
        return False
    if already_sent(submission) and not resend:
        return False
    subject, body = render_letter(submission)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    letter = ReplyLetter(
        submission=submission, decision=decision, recipient=submission.applicant_email,
        subject=subject, body=body, sent_by=user,
    )
    try:
        send_mail(subject, body, submission.page.specific.from_address or None,
                  [submission.applicant_email])
    except Exception as error:
        logger.exception("Svarbrev for %s ble ikke sendt", submission.reference)
        letter.error = str(error)[:1000]
        letter.save()
        return False
    letter.sent_at = timezone.now()
    letter.save()
    log(submission, "forms.application.reply_sent", user=user,
        data={"decision": decision, "recipient": submission.applicant_email})
    return True
