"""`manage.py set_site_url [URL]`: the default Site's host name and port from SITE_URL."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from website.site_url import apply_site_url


class Command(BaseCommand):
    help = (
        "Gir standardnettstedet vertsnavn og port fra SITE_URL (eller adressen som gis), "
        "f.eks. https://kulturskoleradet.no → kulturskoleradet.no:443. Kjøres ved hver "
        "utrulling, etter migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="Adressen, i stedet for SITE_URL.")

    def handle(self, *args, url=None, **options):
        url = url or settings.SITE_URL
        if not url:
            raise CommandError(
                "SITE_URL er ikke satt. Sett den til nettstedets adresse, "
                "f.eks. https://kulturskoleradet.no."
            )
        try:
            site = apply_site_url(url)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Standardnettstedet er nå {site.root_url} ({site.hostname}:{site.port})."
        )
