"""«Oppfølging» (issue 18, item 1): per round, the granted applications with their grant
letter, acceptance deadline and state, and report; filtered by acceptance and report, and
exported as CSV or XLSX. Reviewers only; everyone else gets 403 (anonymous: the login).
The table costs the same few queries however many rows it has."""

from collections import Counter

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from forms.form_kinds import FormKind
from forms.models import ApplicationFormPage, ApplicationSubmission, ReviewStatus
from forms.models.follow_up import AcceptanceState, ReportStatus

from .ranking_export import xlsx_response
from .ranking_views import reviewers_only
from .spreadsheets import csv_lines, csv_response

FORMATS = ("csv", "xlsx")
NO_REPORT = "ingen"

# The acceptance state as a query: the same order of precedence as the model's property.
ACCEPTANCE_QUERIES = {
    AcceptanceState.ACCEPTED: Q(follow_up__accepted_at__isnull=False),
    AcceptanceState.NOT_ACCEPTED: Q(
        follow_up__accepted_at__isnull=True, follow_up__not_accepted_at__isnull=False
    ),
    AcceptanceState.AWAITING: Q(
        follow_up__accepted_at__isnull=True,
        follow_up__not_accepted_at__isnull=True,
        follow_up__acceptance_deadline__isnull=False,
    ),
    AcceptanceState.NOT_REQUIRED: Q(follow_up__isnull=True)
    | Q(follow_up__accepted_at__isnull=True, follow_up__acceptance_deadline__isnull=True),
}


def granted_in(pages):
    """The round's grants: granted now, or once granted and followed up since (a grant
    withdrawn after its letter stays in the table, with its status)."""
    return ApplicationSubmission.objects.filter(page__in=pages).filter(
        Q(status=ReviewStatus.GRANTED) | Q(follow_up__isnull=False)
    )


def rounds_view(request):
    pages = list(ApplicationFormPage.rounds().order_by("-pk"))
    states = Counter()
    for page_id, accepted, lapsed in granted_in(pages).values_list(
        "page_id", "follow_up__accepted_at", "follow_up__not_accepted_at"
    ):
        states[page_id, "granted"] += 1
        states[page_id, "accepted"] += accepted is not None
        states[page_id, "not_accepted"] += accepted is None and lapsed is not None
    rounds = [
        (
            page,
            states[page.pk, "granted"],
            states[page.pk, "accepted"],
            states[page.pk, "not_accepted"],
        )
        for page in pages
        if states[page.pk, "granted"]
    ]
    return TemplateResponse(request, "applications/admin/follow_up_rounds.html", {"rounds": rounds})


def _choice(value, choices):
    """The filter's value if it is one of its choices; anything else is no filter."""
    return value if value in dict(choices) else ""


def report_choices():
    return [*ReportStatus.choices, (NO_REPORT, _("Ingen rapport"))]


def filtered_rows(page, params):
    acceptance = _choice(params.get("aksept", ""), AcceptanceState.choices)
    report = _choice(params.get("rapport", ""), report_choices())
    rows = granted_in([page]).select_related("municipality", "follow_up").order_by("reference")
    if acceptance:
        rows = rows.filter(ACCEPTANCE_QUERIES[acceptance])
    if report == NO_REPORT:
        rows = rows.filter(Q(follow_up__isnull=True) | Q(follow_up__report_status=""))
    elif report:
        rows = rows.filter(follow_up__report_status=report)
    return rows, {"aksept": acceptance, "rapport": report}


def report_form_of(page):
    return (
        ApplicationFormPage.objects.child_of(page).live().filter(form_kind=FormKind.REPORT).first()
    )


def follow_up_or_none(application):
    try:
        return application.follow_up
    except ApplicationSubmission.follow_up.RelatedObjectDoesNotExist:
        return None


def round_or_404(page_id):
    return get_object_or_404(ApplicationFormPage.rounds(), pk=page_id)


def overview_view(request, page_id):
    page = round_or_404(page_id)
    rows, chosen = filtered_rows(page, request.GET)
    report_form = report_form_of(page)
    query = request.GET.urlencode()
    context = {
        "page": page,
        "rows": [(application, follow_up_or_none(application)) for application in rows],
        "chosen": chosen,
        "acceptance_choices": AcceptanceState.choices,
        "report_choices": report_choices(),
        "report_due": report_form.report_due if report_form else None,
        "query": f"?{query}" if query else "",
    }
    return TemplateResponse(request, "applications/admin/follow_up_overview.html", context)


def export_heading():
    return [
        _("Referanse"),
        _("Kommune"),
        _("Status"),
        _("Svarbrev"),
        _("Frist for aksept"),
        _("Aksept"),
        _("Akseptert"),
        _("Akseptert av"),
        _("Rolle"),
        _("Rapport"),
        _("Frist for rapport"),
    ]


def _local(moment):
    # A spreadsheet cell holds no time zone: the Oslo time, as the table shows it.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else ""


def export_rows(rows, report_due):
    for application, follow_up in rows:
        municipality = application.municipality
        yield [
            application.reference,
            municipality.name if municipality else "",
            application.get_status_display(),
            follow_up.letter_date if follow_up else "",
            _local(follow_up.acceptance_deadline) if follow_up else "",
            str(follow_up.acceptance_state.label)
            if follow_up
            else str(AcceptanceState.NOT_REQUIRED.label),
            _local(follow_up.accepted_at) if follow_up else "",
            follow_up.accepted_name if follow_up else "",
            follow_up.accepted_role if follow_up else "",
            follow_up.get_report_status_display() if follow_up else "",
            report_due if follow_up and follow_up.report_status and report_due else "",
        ]


def export_view(request, page_id, file_format):
    if file_format not in FORMATS:
        raise Http404
    page = round_or_404(page_id)
    applications, _chosen = filtered_rows(page, request.GET)
    rows = [(application, follow_up_or_none(application)) for application in applications]
    for application, _follow_up in rows:
        log(application, "forms.application.export", user=request.user)
    report_form = report_form_of(page)
    report_due = report_form.report_due if report_form else None
    filename = f"oppfolging-{page.pk}.{file_format}"
    if file_format == "csv":
        return csv_response(
            csv_lines(export_heading(), list(export_rows(rows, report_due))), filename
        )
    return xlsx_response(export_heading(), export_rows(rows, report_due), filename, _("Oppfølging"))


def urls():
    return [
        path("oppfolging/", reviewers_only(rounds_view), name="follow_up_rounds"),
        path("oppfolging/<int:page_id>/", reviewers_only(overview_view), name="follow_up_overview"),
        path(
            "oppfolging/<int:page_id>/eksport.<slug:file_format>",
            reviewers_only(export_view),
            name="follow_up_export",
        ),
    ]
