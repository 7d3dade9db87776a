"""The exports of a round (issue 17, item 6): the ranking as the viewer sees it, and every
counted score with its justification, as CSV or XLSX. Formula-safe like every export here
(applications/spreadsheets.py); an application whose scores are hidden from the viewer is
hidden in the file too; every application exported is logged as read."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.admin.utils import get_user_display_name
from wagtail.log_actions import log

from .assessment import scores_of
from .models import Recommendation
from .spreadsheets import csv_lines, csv_response, spreadsheet_safe

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ranking_heading():
    return [
        _("Plass"),
        _("Referanse"),
        _("Kommune"),
        _("Fylke"),
        _("Leverte vurderinger"),
        _("Tildelte vurderinger"),
        _("Inhabile"),
        _("Vektet snitt"),
        _("Avvik"),
        _("Uenighet"),
        _("Status"),
        _("Innstilling"),
    ]


def ranking_rows(ranking):
    labels = dict(Recommendation.choices)
    for row in ranking.rows:
        application, summary = row.application, row.summary
        municipality = application.municipality
        if summary.hidden:
            numbers = ["", "", "", _("Skjult til du har levert din vurdering"), "", ""]
        else:
            numbers = [
                summary.delivered,
                summary.assigned,
                summary.partial,
                summary.average if summary.average is not None else "",
                summary.spread if summary.spread is not None else "",
                _("Ja") if row.disagrees else "",
            ]
        yield [
            row.rank or "",
            application.reference,
            municipality.name if municipality else "",
            row.county,
            *numbers,
            application.get_status_display(),
            str(labels.get(row.recommendation, "")),
        ]


def scores_heading():
    return [
        _("Referanse"),
        _("Kommune"),
        _("Fylke"),
        _("Fagvurderer"),
        _("Kriterium"),
        _("Vekt"),
        _("Score"),
        _("Begrunnelse"),
        _("Levert"),
    ]


def score_rows(ranking):
    """Every score that counts: delivered, by an assessor who is not partial, on one of the
    round's criteria; nothing of an application the viewer may not see scores on yet."""
    for row in ranking.rows:
        if row.summary.hidden:
            continue
        application = row.application
        municipality = application.municipality
        for assessment in application.assessments.all():
            if not assessment.is_delivered or assessment.is_partial:
                continue
            justifications = {s.criterion_key: s.justification for s in assessment.scores.all()}
            scores = scores_of(assessment)
            for criterion in ranking.criteria:
                key = criterion.translation_key
                if key not in scores:
                    continue
                yield [
                    application.reference,
                    municipality.name if municipality else "",
                    row.county,
                    get_user_display_name(assessment.assessor) if assessment.assessor else "",
                    criterion.title,
                    criterion.weight,
                    scores[key],
                    justifications.get(key, ""),
                    timezone.localtime(assessment.delivered_at).replace(tzinfo=None),
                ]


EXPORTS = {
    "rangering": (ranking_heading, ranking_rows),
    "vurderinger": (scores_heading, score_rows),
}
FORMATS = ("csv", "xlsx")


def logged(ranking, user):
    """Each application in the file is recorded as exported (read), as the listing does."""
    for row in ranking.rows:
        if not row.summary.hidden:
            log(row.application, "forms.application.export", user=user)


def xlsx_response(heading, rows, filename, sheet_title):
    from openpyxl import Workbook  # only an XLSX export needs it

    workbook = Workbook(write_only=True, iso_dates=True)
    worksheet = workbook.create_sheet(title=sheet_title)
    worksheet.append([spreadsheet_safe(str(cell)) for cell in heading])
    for row in rows:
        worksheet.append([spreadsheet_safe(cell) for cell in row])
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_response(ranking, kind, file_format, user):
    """The file, or None for an unknown kind or format."""
    if kind not in EXPORTS or file_format not in FORMATS:
        return None
    heading, rows = EXPORTS[kind]
    logged(ranking, user)
    filename = f"{kind}-{ranking.page.pk}.{file_format}"
    if file_format == "csv":
        # The ranking is in memory already: a list, so the file is whole before it streams.
        return csv_response(csv_lines(heading(), list(rows(ranking))), filename)
    return xlsx_response(heading(), rows(ranking), filename, kind.capitalize())
