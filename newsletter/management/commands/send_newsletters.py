"""Finish announcements whose batches stopped (the worker was down). Safe to run from cron:
a subscriber gets each announcement once whatever runs at the same time."""

from django.core.management.base import BaseCommand

from newsletter.sending import send_unfinished


class Command(BaseCommand):
    help = "Sender resten av nyhetsvarsler som ikke ble sendt ferdig."

    def handle(self, *args, **options):
        runs = send_unfinished()
        self.stdout.write(f"{runs} puljer med nyhetsvarsler gått gjennom.")
