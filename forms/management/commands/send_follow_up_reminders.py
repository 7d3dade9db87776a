"""The daily follow-up of grants (issue 18), run from cron once a day: marks the grants whose
acceptance deadline passed («Ikke akseptert»), then queues the acceptance and report
reminders that are due. Each reminder goes once (its sent marker); a run that fails or is
repeated sends nothing twice, and the mail retry (send_queued_mail) sends what failed."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from forms.acceptance import mark_not_accepted, queue_due_acceptance_reminders
from forms.reports import queue_due_report_reminders


class Command(BaseCommand):
    help = "Daglig oppfølging av tilsagn: fristen for aksept og påminnelser om aksept og rapport."

    def handle(self, *args, **options):
        now = timezone.now()
        marked = mark_not_accepted(now)
        acceptance = queue_due_acceptance_reminders(now)
        reports = queue_due_report_reminders(now)
        self.stdout.write(f"Merket ikke akseptert: {marked}")
        self.stdout.write(f"Påminnelser om aksept lagt i køen: {acceptance}")
        self.stdout.write(f"Påminnelser om rapport lagt i køen: {reports}")
