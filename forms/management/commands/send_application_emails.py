"""Send receipts and staff notifications that have not gone out (e.g. the mail server was down).

Safe to run as often as you like, for example every ten minutes from cron.
"""

from django.core.management.base import BaseCommand
from django.db.models import Q

from forms.emails import send_application_receipt, send_staff_notification
from forms.models import ApplicationSubmission


class Command(BaseCommand):
    help = "Sender kvitteringer og varsler om søknader som ikke er sendt ennå."

    def handle(self, *args, **options):
        pending = ApplicationSubmission.objects.filter(
            # A withheld receipt (too many to one address in a day) is never sent.
            Q(receipt_sent_at__isnull=True, receipt_withheld_at__isnull=True)
            & ~Q(applicant_email="")
            | Q(notification_sent_at__isnull=True)
        )
        queued = 0
        for submission_id in pending.values_list("pk", flat=True):
            send_application_receipt.enqueue(submission_id)
            send_staff_notification.enqueue(submission_id)
            queued += 1
        self.stdout.write(f"{queued} søknader sjekket for e-post som ikke er sendt.")
