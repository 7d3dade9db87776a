"""Reply letters (svarbrev): a decision's letter rendered from the form page's template and
sent once per decision, as outgoing mail (website/outgoing_mail.py)."""

from django.core.mail import EmailMessage
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from forms.acceptance import acceptance_deadline_for, conditions_text, start_follow_up
from forms.headers import one_line
from forms.models import DECISIONS, ReplyLetter, ReviewStatus
from forms.status_links import status_url
from website import outgoing_mail
from website.dates import date_and_time, long_date, oslo_date

from .results import follow_reply_letter

REPLY_LETTER = "reply_letter"


class _Blank(dict):
    def __missing__(self, key):
        return ""


def _acceptance_deadline(submission):
    """The deadline a grant letter written today states (None: no acceptance asked)."""
    if submission.status != ReviewStatus.GRANTED:
        return None
    return acceptance_deadline_for(submission, timezone.localdate())


def placeholder_values(submission):
    page = submission.page.specific
    program = page.program
    deadline = _acceptance_deadline(submission)
    return _Blank(
        kommune=submission.municipality.name if submission.municipality else _("kommunen"),
        kontaktperson=submission.contact_name or _("søker"),
        program=program.title,  # the parent: a program page (parent_page_types)
        referanse=submission.reference,
        mottatt=date_and_time(submission.submit_time),
        svardato=long_date(getattr(program, "reply_date", None)),
        programstart=long_date(getattr(program, "program_start", None)),
        programslutt=long_date(getattr(program, "program_end", None)),
        akseptfrist=long_date(oslo_date(deadline)) if deadline else "",
    )


def acceptance_paragraph(submission):
    """What a grant letter adds when the form asks the municipality to accept: the
    conditions, the deadline and the status link to accept at. In the active language."""
    deadline = _acceptance_deadline(submission)
    if deadline is None:
        return ""
    parts = [
        _("Kommunen må akseptere tilsagnet og vilkårene innen %(deadline)s.")
        % {"deadline": long_date(oslo_date(deadline))}
    ]
    if conditions := conditions_text(submission).strip():
        parts.append(_("Vilkår:") + "\n" + conditions)
    link = status_url(submission)
    parts.append(_("Aksepter tilsagnet på statussiden for søknaden:") + "\n" + link)
    return "\n\n" + "\n\n".join(parts) + "\n"


def render_letter(submission, decision=None):
    """(subject, body) of the letter for the application's decision, in its language."""
    decision = decision or submission.status
    letter = submission.page_in_language().reply_letter_text(ReviewStatus(decision))
    with translation.override(submission.language):
        values = placeholder_values(submission)
        # A header has one line: an applicant's {kontaktperson} may hold a line break (or a
        # U+2028, or a control character), which would make the letter fail or add headers.
        subject = one_line(letter.subject.format_map(values))
        body = letter.body.format_map(values)
        if decision == ReviewStatus.GRANTED and (added := acceptance_paragraph(submission)):
            body = body.rstrip("\n") + "\n" + added
    return subject, body


def _letter_kind_pending():
    # A letter waits while its decision stands: should the decision change before it goes,
    # it is not sent (the new decision gets its own letter). Anonymised: no recipient left.
    return (
        ReplyLetter.objects.unsent()
        .exclude(recipient="")
        .filter(decision=F("submission__status"))
        .select_related("submission", "submission__page")
    )


def letter_message(letter):
    return EmailMessage(
        letter.subject,
        letter.body,
        letter.submission.page.specific.from_address or None,
        [letter.recipient],
    )


def _log_sent(letter):
    log(
        letter.submission,
        "forms.application.reply_sent",
        user=letter.sent_by,
        data={"decision": letter.decision, "recipient": letter.recipient},
    )


def _after_sent(letter):
    _log_sent(letter)
    # The published results list an application once its letter has gone.
    follow_reply_letter(letter)


outgoing_mail.register(
    outgoing_mail.MailKind(
        name=REPLY_LETTER,
        pending=_letter_kind_pending,
        sent_field="sent_at",
        error_field="error",
        message=letter_message,
        describe=lambda letter: f"Svarbrev for {letter.submission.reference}",
        after_sent=_after_sent,
    )
)


def queue_reply_letters(submissions, user, resend=False):
    """Queue letters for decided applications; returns (queued, skipped). Undecided ones are
    never sent a letter, and one that already got its letter only when `resend` is chosen.

    The letter is written now, as previewed, and stored unsent; one still unsent for the
    decision (the mail server failed) is written again and queued again, not doubled."""
    queued = skipped = 0
    sent_by = user if getattr(user, "pk", None) else None
    for submission in submissions:
        if (
            submission.status not in DECISIONS
            or not submission.applicant_email
            or (submission.reply_letter_sent() and not resend)
        ):
            skipped += 1
            continue
        # Before the letter is written: it states the deadline the follow-up records.
        start_follow_up(submission, timezone.localdate())
        letter = submission.reply_letters.unsent().filter(
            decision=submission.status
        ).first() or ReplyLetter(submission=submission, decision=submission.status)
        subject, letter.body = render_letter(submission)
        letter.subject = subject[:255]  # the field's length: what is stored is what goes
        letter.recipient, letter.sent_by = submission.applicant_email, sent_by
        letter.save()
        outgoing_mail.queue(REPLY_LETTER, letter.pk)
        queued += 1
    return queued, skipped
