"""Acceptance of a grant (issue 18): the municipality accepts the conditions from its status
link by a deadline counted from the grant letter. Recorded on the GrantFollowUp with who,
their role, when and from which address; confirmed by mail, reminded once before the
deadline, and marked «Ikke akseptert» for the staff once it has passed. The decision itself
is never changed here."""

import datetime
import unicodedata

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from website import outgoing_mail
from website.client_ip import client_ip
from website.dates import OSLO, date_and_time, oslo_date

from .form_kinds import FormKind
from .models.case_records import ReplyLetter
from .models.follow_up import AcceptanceState, GrantFollowUp, ReportStatus
from .models.submissions import ApplicationSubmission, ReviewStatus

# The two mails of an acceptance; forms/acceptance_mail.py writes them.
ACCEPTANCE_RECEIPT = "acceptance_receipt"
ACCEPTANCE_REMINDER = "acceptance_reminder"

ACCEPT_ACTION = "aksepter"
MAX_LENGTH = 200


def has_report_form(page):
    """Whether the application form has a live report form under it."""
    # type(page) is ApplicationFormPage: its module imports this one (through the status
    # page's routes), so it cannot be imported here.
    return type(page).objects.child_of(page).live().filter(form_kind=FormKind.REPORT).exists()


def follow_up_of(submission):
    return GrantFollowUp.objects.filter(submission_id=submission.pk).first()


def acceptance_deadline_for(submission, letter_date):
    """The end of the last day (Oslo) to accept, or None when the form asks no acceptance.
    A follow-up already started keeps its deadline: a letter sent again says the same day."""
    follow_up = follow_up_of(submission)
    if follow_up is not None:
        return follow_up.acceptance_deadline
    page = submission.page.specific
    if not page.acceptance_required:
        return None
    last_day = letter_date + datetime.timedelta(days=page.acceptance_days)
    return datetime.datetime.combine(last_day, datetime.time.max, tzinfo=OSLO)


def start_follow_up(submission, letter_date):
    """The grant's follow-up, started when its letter is written; None for other decisions."""
    if submission.status != ReviewStatus.GRANTED:
        return None
    page = submission.page.specific
    follow_up, _created = GrantFollowUp.objects.get_or_create(
        submission=submission,
        defaults={
            "letter_date": letter_date,
            "acceptance_deadline": acceptance_deadline_for(submission, letter_date),
            "report_status": ReportStatus.MISSING if has_report_form(page) else "",
        },
    )
    return follow_up


def deadline_passed(follow_up, now=None):
    deadline = follow_up.acceptance_deadline
    return deadline is not None and (now or timezone.now()) > deadline


def _awaits_acceptance(submission, follow_up):
    """The grant stands, its letter has gone, and acceptance is asked and not yet given."""
    return (
        follow_up is not None
        and follow_up.acceptance_deadline is not None
        and follow_up.accepted_at is None
        and submission.status == ReviewStatus.GRANTED
        and submission.anonymised_at is None
        and not submission.status_link_revoked
        and submission.reply_letter_sent()
    )


def may_accept(submission, follow_up=None, now=None):
    follow_up = follow_up or follow_up_of(submission)
    return _awaits_acceptance(submission, follow_up) and not deadline_passed(follow_up, now)


def accept(submission, name, role, ip):
    """Record the acceptance once; True when this call recorded it. A second post (a double
    click, the back button) finds it accepted and does nothing, so no second mail goes."""
    with transaction.atomic():
        locked = ApplicationSubmission.objects.select_for_update().get(pk=submission.pk)
        follow_up = GrantFollowUp.objects.select_for_update().filter(submission=locked).first()
        if not may_accept(locked, follow_up):
            return False
        follow_up.accepted_at = timezone.now()
        follow_up.accepted_name, follow_up.accepted_role = name, role
        follow_up.accepted_from = ip
        follow_up.save(
            update_fields=["accepted_at", "accepted_name", "accepted_role", "accepted_from"]
        )
        # The address stays on the record only: the log is kept longer than the application.
        log(locked, "forms.application.accepted", data={"name": name, "role": role})
        outgoing_mail.queue(ACCEPTANCE_RECEIPT, follow_up.pk)
    return True


def _one_line_error(value):
    if any(unicodedata.category(c) in {"Cc", "Zl", "Zp"} for c in value):
        return _("Skriv på én linje.")
    if len(value) > MAX_LENGTH:
        return _("Skriv høyst %(max)s tegn (du har skrevet %(count)s).") % {
            "max": MAX_LENGTH,
            "count": len(value),
        }
    return None


def _typed(request):
    post = request.POST if request.method == "POST" else {}
    return post.get("accepted_name", "").strip(), post.get("accepted_role", "").strip()


def _refusal(submission, follow_up):
    if follow_up is not None and deadline_passed(follow_up):
        return _(
            "Fristen for å akseptere tilsagnet gikk ut %(deadline)s. Ta kontakt med "
            "Kulturskolerådet for å avtale videre oppfølging."
        ) % {"deadline": date_and_time(follow_up.acceptance_deadline)}
    return _(
        "Tilsagnet kan ikke aksepteres her. Ta kontakt med Kulturskolerådet hvis noe er uklart."
    )


def acceptance_post(submission, request):
    """The errors of a post to accept, for the summary: [(field or None, message)]; an empty
    list once accepted (also when it already was)."""
    follow_up = follow_up_of(submission)
    if follow_up is not None and follow_up.accepted_at is not None:
        return []
    if not may_accept(submission, follow_up):
        return [(None, _refusal(submission, follow_up))]
    name, role = _typed(request)
    errors = []
    if not name:
        errors.append(("accepted_name", _("Skriv navnet på den som aksepterer for kommunen.")))
    elif message := _one_line_error(name):
        errors.append(("accepted_name", message))
    if not role:
        errors.append(
            ("accepted_role", _("Skriv rollen til den som aksepterer, for eksempel kommunalsjef."))
        )
    elif message := _one_line_error(role):
        errors.append(("accepted_role", message))
    if not request.POST.get("confirm_accept"):
        errors.append(
            ("confirm_accept", _("Kryss av for å bekrefte at kommunen aksepterer vilkårene."))
        )
    if errors:
        return errors
    if not accept(submission, name, role, client_ip(request)):
        return [(None, _refusal(submission, follow_up_of(submission)))]
    return []


def conditions_text(submission):
    """The conditions in the applicant's language, else the Norwegian page's."""
    return (
        submission.page_in_language().acceptance_conditions
        or submission.page.specific.acceptance_conditions
    )


def acceptance_context(submission, request):
    """What the status page's acceptance box needs, under one key: None when there is no
    acceptance to show (not granted, no letter yet, or none asked)."""
    follow_up = follow_up_of(submission)
    shown = follow_up is not None and follow_up.acceptance_deadline is not None
    if not shown or submission.status != ReviewStatus.GRANTED or not submission.reply_letter_sent():
        return {"acceptance": None}
    name, role = _typed(request)
    return {
        "acceptance": {
            "follow_up": follow_up,
            "state": follow_up.acceptance_state,
            "accepted": follow_up.acceptance_state == AcceptanceState.ACCEPTED,
            "deadline": follow_up.acceptance_deadline,
            "deadline_passed": deadline_passed(follow_up),
            "may_accept": may_accept(submission, follow_up),
            "conditions": conditions_text(submission),
            "action": ACCEPT_ACTION,
            "typed_name": name,
            "typed_role": role,
            "confirmed": bool(request.method == "POST" and request.POST.get("confirm_accept")),
        }
    }


def _letter_sent():
    return Exists(
        ReplyLetter.objects.filter(
            submission=OuterRef("submission"),
            decision=ReviewStatus.GRANTED,
            sent_at__isnull=False,
        )
    )


def _awaiting(now):
    return GrantFollowUp.objects.filter(
        acceptance_deadline__isnull=False,
        accepted_at__isnull=True,
        not_accepted_at__isnull=True,
        submission__status=ReviewStatus.GRANTED,
        submission__anonymised_at__isnull=True,
    ).filter(_letter_sent())


def _reminder_due(follow_up, today):
    days = follow_up.submission.page.specific.acceptance_reminder_days
    last_day = timezone.localtime(follow_up.acceptance_deadline, OSLO).date()
    return days > 0 and today >= last_day - datetime.timedelta(days=days)


def due_acceptance_reminders(now):
    """The follow-ups whose reminder should go now: their Oslo day has come, the deadline
    has not passed, and no reminder has gone."""
    candidates = (
        _awaiting(now)
        .filter(
            acceptance_deadline__gte=now,
            acceptance_reminder_sent_at__isnull=True,
            submission__status_link_revoked=False,
        )
        .exclude(submission__applicant_email="")
        .select_related("submission__page")
    )
    today = oslo_date(now)
    return [f.pk for f in candidates if _reminder_due(f, today)]


def queue_due_acceptance_reminders(now):
    due = due_acceptance_reminders(now)
    for pk in due:
        outgoing_mail.queue(ACCEPTANCE_REMINDER, pk)
    return len(due)


def mark_not_accepted(now):
    """Mark the grants whose deadline passed without acceptance, for the staff to act on.
    The status and the decision stay as they are."""
    marked = 0
    for follow_up in (
        _awaiting(now).filter(acceptance_deadline__lt=now).select_related("submission")
    ):
        with transaction.atomic():
            updated = GrantFollowUp.objects.filter(
                pk=follow_up.pk, accepted_at__isnull=True, not_accepted_at__isnull=True
            ).update(not_accepted_at=now)
            if updated:
                log(
                    follow_up.submission,
                    "forms.application.not_accepted",
                    data={"deadline": follow_up.acceptance_deadline.isoformat()},
                )
                marked += 1
    return marked
