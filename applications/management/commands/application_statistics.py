"""Counts of applications per program, county, status and year, as CSV on standard output.
They survive the retention command, which removes personal data but keeps these fields."""

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.db.models.functions import ExtractYear

from applications.spreadsheets import SpreadsheetCSV
from forms.models import ApplicationSubmission, ReviewStatus


def statistics():
    return (
        ApplicationSubmission.objects.annotate(year=ExtractYear("submit_time"))
        .values_list("page__title", "municipality__county", "status", "year")
        .annotate(n=Count("pk"))
        .order_by("year", "page__title", "municipality__county", "status")
    )


class Command(BaseCommand):
    help = "Skriver antall søknader per program, fylke, status og år som CSV."

    def handle(self, *args, **options):
        spreadsheet = SpreadsheetCSV(self.stdout)
        spreadsheet.row(["År", "Skjema", "Fylke", "Status", "Antall"])
        for title, county, status, year, count in statistics():
            spreadsheet.row([year, title, county or "", ReviewStatus(status).label, count])
