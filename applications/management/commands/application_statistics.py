"""Counts of applications per program, county, status and year, as CSV on standard output;
with --oppfolging, what followed the grants per form and year (issue 18). They survive the
retention command, which removes personal data but keeps these fields."""

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.db.models.functions import ExtractYear

from applications.form_statistics import FOLLOW_UP_COUNTS
from applications.spreadsheets import SpreadsheetCSV
from forms.models import ApplicationSubmission, ReviewStatus


def statistics():
    return (
        ApplicationSubmission.objects.annotate(year=ExtractYear("submit_time"))
        .values_list("page__title", "municipality__county", "status", "year")
        .annotate(n=Count("pk"))
        .order_by("year", "page__title", "municipality__county", "status")
    )


def follow_up_statistics():
    """Per year and application form: granted, accepted, not accepted, reports delivered,
    reports approved. Reports (applications to a report form) are not applications here."""
    return (
        ApplicationSubmission.objects.filter(report_for__isnull=True)
        .annotate(year=ExtractYear("submit_time"))
        .values_list("year", "page__title")
        .annotate(**FOLLOW_UP_COUNTS)
        .filter(granted__gt=0)
        .order_by("year", "page__title")
    )


class Command(BaseCommand):
    help = (
        "Skriver antall søknader per program, fylke, status og år som CSV; med --oppfolging "
        "antall innvilget, akseptert, ikke akseptert og rapporter per skjema og år."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--oppfolging",
            action="store_true",
            help="Aksept og rapporter etter tilsagn i stedet for søknader per status.",
        )

    def handle(self, *args, **options):
        spreadsheet = SpreadsheetCSV(self.stdout)
        if options["oppfolging"]:
            spreadsheet.row(
                [
                    "År",
                    "Skjema",
                    "Innvilget",
                    "Akseptert",
                    "Ikke akseptert",
                    "Rapporter levert",
                    "Rapporter godkjent",
                ]
            )
            for row in follow_up_statistics():
                spreadsheet.row(list(row))
            return
        spreadsheet.row(["År", "Skjema", "Fylke", "Status", "Antall"])
        for title, county, status, year, count in statistics():
            spreadsheet.row([year, title, county or "", ReviewStatus(status).label, count])
