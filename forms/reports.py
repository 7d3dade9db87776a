"""Reports after the program (issue 18, item 2). A granted municipality reports on a report
form: an ApplicationFormPage of kind «rapport» under the application form. It gets there by
a signed link from its status page; the link starts a draft that names the granted
application, and the report form serves only a browser holding such a draft. The report is
stored as an application to the report form, with report_for set, and the grant's
follow-up says «levert».

This module is imported while the form page model is being defined (page_routes), so it
names form pages through their own class or the Page table, never by importing the model."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page

from website import outgoing_mail
from website.dates import oslo_date

from .drafts import draft_for, set_browser_key, start_draft
from .form_kinds import FormKind
from .models.case_records import ReplyLetter
from .models.follow_up import GrantFollowUp, ReportStatus
from .models.submissions import ApplicationSubmission, ReviewStatus
from .status_links import find_submission, signature_for

REPORT_REMINDER = "report_reminder"
REPORT_OVERDUE = "report_overdue"
UNAVAILABLE_TEMPLATE = "forms/report_unavailable.html"
# A report not yet delivered: blank when the follow-up began before the report form existed.
OPEN_REPORT = ("", ReportStatus.MISSING)
STEPLEN = Page.steplen


class ReportAlreadyDelivered(Exception):
    """A second report for the same grant: refused, and nothing of it is stored."""


def report_form_for(form_page):
    """The live report form under an application form, or None."""
    return (
        type(form_page).objects.child_of(form_page).live().filter(form_kind=FormKind.REPORT).first()
    )


def report_link(submission, request=None, full=True):
    """The granted application's way in to its report form, in the applicant's language;
    None when the form has no report form."""
    page = submission.page_in_language()
    report_form = report_form_for(page) or report_form_for(submission.page.specific)
    if report_form is None:
        return None
    path = report_form.reverse_subpage(
        "report_link", args=[submission.status_token.hex, signature_for(submission)]
    )
    return (report_form.get_full_url(request) if full else report_form.get_url(request)) + path


def follow_up_of(submission):
    return GrantFollowUp.objects.filter(submission=submission).first()


def why_no_report(report_form, granted):
    """Why this granted application cannot report on this form now, or None when it can."""
    parent = report_form.source_page.get_parent()
    if parent is None or granted.page_id != parent.pk:
        return _("Lenken gjelder ikke dette rapportskjemaet.")
    if granted.status != ReviewStatus.GRANTED or not granted.reply_letter_sent():
        return _("Rapport leveres bare for søknader som har fått tilskudd.")
    follow_up = follow_up_of(granted)
    if follow_up is None:
        return _("Rapport leveres bare for søknader som har fått tilskudd.")
    if follow_up.report_status not in OPEN_REPORT:
        return already_delivered_message(granted)
    return None


def already_delivered_message(granted):
    return _(
        "Rapporten for %(reference)s er allerede levert. Det leveres én rapport per tilskudd."
    ) % {"reference": granted.reference}


def unavailable(page, request, message, status):
    context = page.get_context(request)
    context.update({"message": message, "contact": page.contact_text})
    response = TemplateResponse(request, UNAVAILABLE_TEMPLATE, context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def prefilled_answers(report_form, granted):
    """The report form's municipality question answered with the grant's municipality."""
    if granted.municipality is None:
        return {}
    return {
        field.clean_name: granted.municipality.number
        for field in report_form.get_form_fields()
        if field.field_type == "municipality"
    }


def serve_report_link(page, request, token, signature):
    """The signed link: check it, then start (or resume) this browser's report draft, and
    go on to the form by an address without the token."""
    if not page.is_report_form:
        return unavailable(page, request, _("Lenken virker ikke."), 404)
    granted = find_submission(token, signature)  # 404 for a forged or revoked link
    if message := why_no_report(page, granted):
        return unavailable(page, request, message, 403)
    draft = draft_for(page, request)
    if draft is not None and draft.report_for_id == granted.pk:
        return redirect(f"{page.url}?steg={draft.current_step or 1}")
    draft, key = start_draft(page)
    draft.report_for = granted
    draft.answers = prefilled_answers(page, granted)
    draft.save(update_fields=["report_for", "answers", "updated_at"])
    return set_browser_key(redirect(page.url), page, request, key)


def serve_report_form(page, request, serve):
    """The report form's own views, for a browser that came by the link; anyone else is
    told where the link is, and a post without it is refused."""
    if getattr(request, "is_preview", False):
        return serve()
    draft = draft_for(page, request)
    granted = draft.report_for if draft is not None else None
    if granted is None or granted.status_link_revoked:
        message = _(
            "Rapporten sendes fra lenken på statussiden for søknaden. Åpne lenken i "
            "kvitteringen for søknaden, og velg «Lever rapporten»."
        )
        return unavailable(page, request, message, 403 if request.method == "POST" else 200)
    if message := why_no_report(page, granted):
        return unavailable(page, request, message, 409 if request.method == "POST" else 200)
    # Read by the report box above the form (forms/includes/report_box.html).
    request.granted_application = granted
    try:
        return serve()
    except ReportAlreadyDelivered:
        return unavailable(page, request, already_delivered_message(granted), 409)


def attach_report(report, draft):
    """On storing a report (in its transaction): name the grant, and mark its report
    delivered. A report already delivered refuses the second (rolling it back)."""
    granted_id = draft.report_for_id if draft is not None else None
    if granted_id is None or report.report_for_id == granted_id:
        return  # not a report, or the same report sent twice
    delivered = GrantFollowUp.objects.filter(
        submission_id=granted_id, report_status__in=OPEN_REPORT
    ).update(report_status=ReportStatus.DELIVERED, report_delivered_at=timezone.now())
    if not delivered:
        raise ReportAlreadyDelivered
    ApplicationSubmission.objects.filter(pk=report.pk).update(report_for_id=granted_id)
    report.report_for_id = granted_id


def _day(moment):
    return oslo_date(moment) if moment else None


def report_context(submission, request):
    """The report's part of the status page: status, due date, and the link while missing."""
    follow_up = follow_up_of(submission)
    if follow_up is None or not follow_up.report_status:
        return {}
    report_form = report_form_for(submission.page.specific)
    missing = follow_up.report_status == ReportStatus.MISSING
    return {
        "report": {
            "status": follow_up.report_status,
            "label": follow_up.get_report_status_display(),
            "due": report_form.report_due if report_form else None,
            # Days in Oslo, not in UTC as the database returns them.
            "delivered_at": _day(follow_up.report_delivered_at),
            "approved_at": _day(follow_up.report_approved_at),
            "link": report_link(submission, request, full=False) if missing else None,
        }
    }


# Reminders


def _report_forms():
    """(parent path, due date, days before, days after) of each live report form."""
    return Page.objects.filter(
        live=True,
        applicationformpage__form_kind=FormKind.REPORT,
        applicationformpage__report_due__isnull=False,
    ).values_list(
        "path",
        "applicationformpage__report_due",
        "applicationformpage__report_reminder_days",
        "applicationformpage__report_overdue_days",
    )


def _missing_reports():
    """Grants whose report is missing and whose applicant can be reminded: the grant letter
    has gone, the data is kept, the link works and there is an address."""
    letter_sent = ReplyLetter.objects.filter(
        submission=OuterRef("submission"), decision=ReviewStatus.GRANTED, sent_at__isnull=False
    )
    return (
        GrantFollowUp.objects.filter(
            report_status=ReportStatus.MISSING,
            submission__status=ReviewStatus.GRANTED,
            submission__anonymised_at__isnull=True,
            submission__status_link_revoked=False,
        )
        .filter(Exists(letter_sent))
        .exclude(submission__applicant_email="")
    )


def due_report_mail(kind, today):
    """The follow-ups whose reminder (or, after the due date, overdue notice) is due on the
    Oslo date `today` and has not gone."""
    paths = []
    for path, due, before, after in _report_forms():
        if kind == REPORT_REMINDER:
            due_now = before and due - datetime.timedelta(days=before) <= today <= due
        else:
            due_now = after and today >= due + datetime.timedelta(days=after)
        if due_now:
            paths.append(path[:-STEPLEN])
    sent_field = "report_reminder_sent_at" if kind == REPORT_REMINDER else "report_overdue_sent_at"
    return _missing_reports().filter(
        submission__page__path__in=paths, **{f"{sent_field}__isnull": True}
    )


def queue_due_report_reminders(now):
    """Queue the reminders and overdue notices due on `now`'s Oslo date; each goes once (its
    sent field). Returns the number queued."""
    today = oslo_date(now)
    queued = 0
    for kind in (REPORT_REMINDER, REPORT_OVERDUE):
        for pk in due_report_mail(kind, today).values_list("pk", flat=True):
            outgoing_mail.queue(kind, pk)
            queued += 1
    return queued


# The flag to reviewers


def _overdue_form_paths(today):
    """The paths of the application forms whose report form's due date has passed."""
    return (
        Page.objects.filter(
            live=True,
            applicationformpage__form_kind=FormKind.REPORT,
            applicationformpage__report_due__lt=today,
        )
        .annotate(parent_path=Substr("path", 1, Length("path") - STEPLEN))
        .values("parent_path")
    )


def _overdue_missing(today):
    return GrantFollowUp.objects.filter(
        report_status=ReportStatus.MISSING,
        submission__status=ReviewStatus.GRANTED,
        submission__page__path__in=_overdue_form_paths(today),
    )


def missing_earlier_report():
    """An Exists() for a listing: the row's municipality (lead or partner of an earlier
    grant) has a report missing past its due date, from an application sent before it."""
    earlier = (
        _overdue_missing(timezone.localdate())
        .filter(
            submission__submit_time__lt=OuterRef("submit_time"),
        )
        .filter(
            Q(submission__municipality=OuterRef("municipality"))
            | Q(submission__partner_municipalities=OuterRef("municipality"))
        )
    )
    return Exists(earlier)


def missing_report_from(submission):
    """[(earlier granted application, its report's due date)] of the municipality's
    reports missing past their due date, for the reviewers' flag on an application."""
    if submission.municipality_id is None:
        return []
    earlier = (
        ApplicationSubmission.objects.filter(
            follow_up__in=_overdue_missing(timezone.localdate()),
            submit_time__lt=submission.submit_time,
        )
        .filter(
            Q(municipality_id=submission.municipality_id)
            | Q(partner_municipalities=submission.municipality_id)
        )
        .exclude(pk=submission.pk)
        .distinct()
        .select_related("page")
        .order_by("submit_time")
    )
    rows = []
    for granted in earlier:
        report_form = report_form_for(granted.page.specific)
        rows.append((granted, report_form.report_due if report_form else None))
    return rows
