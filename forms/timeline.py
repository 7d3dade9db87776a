"""The applicant's whole path on the status page (issue 18, item 4): received, under review,
decision and letter, acceptance, report; each step with its date, whether it is done, now or
later, and one sentence on what the municipality must do next. Read from what is stored,
never guessed: a decision shows only once its letter has gone, as on the rest of the page."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import ModelLogEntry

from website.dates import long_date

from .form_kinds import FormKind
from .models.follow_up import AcceptanceState, ReportStatus
from .models.submissions import DECISIONS, ReviewStatus

DONE, CURRENT, UPCOMING = "done", "current", "upcoming"


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    # When it happened (done) or by when it must (a deadline); None when not known.
    date: datetime.date | datetime.datetime | None
    state: str
    note: str = ""

    @property
    def is_moment(self):
        return isinstance(self.date, datetime.datetime)

    @property
    def iso_date(self):
        """For <time datetime>: the day, or the moment in Oslo to the second."""
        if self.is_moment:
            return timezone.localtime(self.date).isoformat(timespec="seconds")
        return self.date.isoformat() if self.date else ""


def report_form_of(form_page):
    """The live report form under an application form (its Norwegian page), or None."""
    # type(form_page) is ApplicationFormPage, whose module imports this one (through the
    # status page's routes), so it cannot be imported here.
    return (
        type(form_page)
        .objects.child_of(form_page)
        .live()
        .filter(form_kind=FormKind.REPORT)
        .only("pk", "report_due")
        .first()
    )


def review_started_at(submission):
    """When the application was first moved to «Under behandling», from the status log."""
    entry = (
        ModelLogEntry.objects.for_instance(submission)
        .filter(action="forms.application.status", data__to=ReviewStatus.IN_REVIEW)
        .order_by("timestamp")
        .only("timestamp")
        .first()
    )
    return entry.timestamp if entry else None


def _decision_step(submission, letter, reply_date):
    label = _("Avgjørelse og svarbrev")
    if letter is not None:
        return Step(
            "decision", label, letter.sent_at, DONE, str(ReviewStatus(submission.status).label)
        )
    note = _("Alle søkere får svar innen %(date)s.") % {"date": long_date(reply_date)}
    return Step("decision", label, reply_date, UPCOMING, note if reply_date else "")


def _lapsed(follow_up, now):
    """Not accepted in time, whether or not the daily command has marked it yet."""
    if follow_up.acceptance_state == AcceptanceState.NOT_ACCEPTED:
        return True
    awaiting = follow_up.acceptance_state == AcceptanceState.AWAITING
    return awaiting and now > follow_up.acceptance_deadline


def _acceptance_step(follow_up, now):
    state = follow_up.acceptance_state
    label = _("Aksept av tilsagnet")
    if state == AcceptanceState.ACCEPTED:
        return Step("acceptance", label, follow_up.accepted_at, DONE, _("Akseptert"))
    if _lapsed(follow_up, now):
        note = _("Fristen gikk ut uten aksept.")
        return Step("acceptance", label, follow_up.acceptance_deadline, CURRENT, note)
    return Step("acceptance", label, follow_up.acceptance_deadline, CURRENT, _("Frist for aksept"))


def _report_step(follow_up, report_form, waiting_for_acceptance, today):
    label = _("Rapport")
    if follow_up.report_status == ReportStatus.APPROVED:
        return Step("report", label, follow_up.report_approved_at, DONE, _("Rapport godkjent"))
    if follow_up.report_status == ReportStatus.DELIVERED:
        return Step("report", label, follow_up.report_delivered_at, DONE, _("Rapport levert"))
    due = report_form.report_due
    if due and due < today:
        return Step("report", label, due, CURRENT, _("Fristen for rapporten er passert."))
    state = UPCOMING if waiting_for_acceptance else CURRENT
    return Step("report", label, due, state, _("Frist for rapporten"))


def decision_letter(submission):
    """The sent letter of the decision the application has now, or None: the applicant
    hears of a decision only from its letter."""
    if submission.status not in DECISIONS:
        return None
    return submission.reply_letters.sent().filter(decision=submission.status).first()


def _review_state(submission, letter):
    if letter is not None:
        return DONE
    return UPCOMING if submission.status == ReviewStatus.RECEIVED else CURRENT


def applicant_timeline(submission, follow_up, report_form, now, form_page=None):
    """The steps in order: [Step]. follow_up is the grant's GrantFollowUp or None,
    report_form the form's report form or None, form_page the form page the applicant
    reads (the application's own page if not given)."""
    form_page = form_page or submission.page.specific
    received = Step("received", _("Mottatt"), submission.submit_time, DONE)
    started = review_started_at(submission)
    if submission.status == ReviewStatus.WITHDRAWN:
        reviewed = [Step("in_review", _("Under behandling"), started, DONE)] if started else []
        withdrawn = Step("withdrawn", _("Trukket"), submission.withdrawn_at, DONE)
        return [received, *reviewed, withdrawn]
    letter = decision_letter(submission)
    reply_date = getattr(form_page.program, "reply_date", None)
    steps = [
        received,
        Step("in_review", _("Under behandling"), started, _review_state(submission, letter)),
        _decision_step(submission, letter, reply_date),
    ]
    if letter is None:
        # What follows a grant, so the applicant sees the whole path from the start.
        if_granted = _("Gjelder hvis søknaden innvilges.")
        if form_page.acceptance_required:
            steps.append(Step("acceptance", _("Aksept av tilsagnet"), None, UPCOMING, if_granted))
        if report_form is not None:
            steps.append(Step("report", _("Rapport"), report_form.report_due, UPCOMING, if_granted))
        return steps
    if follow_up is None or submission.status != ReviewStatus.GRANTED:
        return steps
    if follow_up.acceptance_deadline:
        steps.append(_acceptance_step(follow_up, now))
    if report_form is not None:
        waiting = follow_up.acceptance_state == AcceptanceState.AWAITING
        steps.append(_report_step(follow_up, report_form, waiting, timezone.localdate(now)))
    return steps


def next_action(submission, follow_up, report_form, now, form_page=None):
    """One sentence: what the municipality must do now, or that it need not do anything."""
    form_page = form_page or submission.page.specific
    if submission.status == ReviewStatus.WITHDRAWN:
        return _("Søknaden er trukket. Du trenger ikke gjøre noe mer.")
    if decision_letter(submission) is None:
        reply_date = getattr(form_page.program, "reply_date", None)
        if reply_date:
            return _("Du trenger ikke gjøre noe nå. Alle søkere får svar innen %(date)s.") % {
                "date": long_date(reply_date)
            }
        return _("Du trenger ikke gjøre noe nå. Svarbrevet kommer på e-post.")
    if follow_up is None or submission.status != ReviewStatus.GRANTED:
        return _("Du trenger ikke gjøre noe mer.")
    if _lapsed(follow_up, now):
        return _("Fristen for å akseptere tilsagnet er gått ut. Ta kontakt med Kulturskolerådet.")
    if follow_up.acceptance_state == AcceptanceState.AWAITING:
        deadline = timezone.localdate(follow_up.acceptance_deadline)
        return _("Kommunen må akseptere tilsagnet innen %(date)s.") % {"date": long_date(deadline)}
    if report_form is not None and follow_up.report_status in {"", ReportStatus.MISSING}:
        due = report_form.report_due
        if due is None:
            return _("Lever rapporten når programmet er ferdig.")
        if due < timezone.localdate(now):
            return _("Fristen for rapporten var %(date)s. Lever rapporten så snart som mulig.") % {
                "date": long_date(due)
            }
        return _("Lever rapporten innen %(date)s.") % {"date": long_date(due)}
    if follow_up.report_status == ReportStatus.DELIVERED:
        return _("Du trenger ikke gjøre noe nå. Kulturskolerådet går gjennom rapporten.")
    return _("Du trenger ikke gjøre noe mer.")
