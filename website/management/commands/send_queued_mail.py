"""Send every e-mail that has not gone out yet (the mail server was down, a worker died):
receipts, staff notices, reply letters, every kind registered in website/outgoing_mail.py.

Safe to run as often as you like, for example every few minutes from cron: what has gone is
never sent again, and a row another sender is busy with is skipped.
"""

from django.core.management.base import BaseCommand

from website import outgoing_mail


class Command(BaseCommand):
    help = "Sender e-post som ikke er sendt ennå (kvitteringer, varsler og svarbrev)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            choices=[kind.name for kind in outgoing_mail.kinds()],
            help="Bare denne typen e-post (kan gis flere ganger).",
        )

    def handle(self, *args, kinds=None, **options):
        sent, failed = outgoing_mail.send_pending(kinds)
        self.stdout.write(f"{sent} e-poster sendt, {failed} feilet.")
