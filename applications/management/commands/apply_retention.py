"""Anonymise applications whose retention period has run out. Safe to run daily (cron)."""

from django.core.management.base import BaseCommand

from applications.retention import apply_retention
from newsletter.retention import apply_newsletter_retention


class Command(BaseCommand):
    help = (
        "Sletter vedlegg og personopplysninger i søknader der lagringstiden er ute. "
        "Tall til statistikk blir igjen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vis hva som ville blitt gjort, uten å gjøre det.",
        )

    def handle(self, *args, dry_run=False, **options):
        report = apply_retention(dry_run=dry_run)
        if dry_run:
            self.stdout.write("Prøvekjøring, ingenting er endret.")
        for line in report.lines():
            self.stdout.write(line)
        # The newsletter's subscribers: the same daily run (newsletter/retention.py).
        for line in apply_newsletter_retention(dry_run=dry_run).lines():
            self.stdout.write(line)
