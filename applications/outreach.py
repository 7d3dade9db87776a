"""Before the deadline: which municipalities in each county have applied, and which have not."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from forms.models import ApplicationFormPage, ApplicationSubmission, Municipality, ReviewStatus
from forms.permissions import may_review

from .filters import as_id
from .spreadsheets import csv_lines, csv_response


def coverage(form_page):
    """[(county, [(municipality, [references])])] in number order; withdrawn ones don't count.
    A partner in a joint application has applied too: its reference is marked as such."""
    references = {}
    applications = (
        ApplicationSubmission.objects.filter(page=form_page)
        .exclude(status=ReviewStatus.WITHDRAWN)
        .order_by("submit_time", "pk")
    )
    partners = ApplicationSubmission.partner_municipalities.through.objects.filter(
        applicationsubmission__in=applications
    ).order_by("applicationsubmission__submit_time", "applicationsubmission__pk")
    as_partner = _("samarbeidskommune")
    for number, reference in applications.values_list("municipality_id", "reference"):
        references.setdefault(number, []).append(reference)
    for number, reference in partners.values_list(
        "municipality_id", "applicationsubmission__reference"
    ):
        references.setdefault(number, []).append(f"{reference} ({as_partner})")
    counties = {}
    for municipality in Municipality.objects.order_by("number"):
        counties.setdefault(municipality.county, []).append(
            (municipality, references.get(municipality.number, []))
        )
    return list(counties.items())


def outreach_view(request):
    if not may_review(request.user):
        raise PermissionDenied
    form_pages = ApplicationFormPage.rounds().order_by("-pk")
    page_id = as_id(request.GET.get("skjema", ""))
    form_page = (
        get_object_or_404(form_pages, pk=page_id) if page_id is not None else form_pages.first()
    )
    rows = coverage(form_page) if form_page else []
    if request.GET.get("export") == "csv":
        return export_csv(form_page, rows)
    summary = [
        (county, sum(1 for _, refs in municipalities if refs), len(municipalities), municipalities)
        for county, municipalities in rows
    ]
    return TemplateResponse(
        request,
        "applications/admin/outreach.html",
        {
            "form_page": form_page,
            "form_pages": form_pages,
            "counties": summary,
            "applied": sum(applied for _, applied, _, _ in summary),
            "total": sum(total for _, _, total, _ in summary),
        },
    )


def export_csv(form_page, rows):
    heading = [_("Kommunenummer"), _("Kommune"), _("Fylke"), _("Har søkt"), _("Referanser")]
    lines = (
        [
            municipality.number,
            municipality.name,
            county,
            _("Ja") if references else _("Nei"),
            ", ".join(references),
        ]
        for county, municipalities in rows
        for municipality, references in municipalities
    )
    return csv_response(csv_lines(heading, lines), f"sokere-{form_page.slug}.csv")
