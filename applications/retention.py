"""Personal data kept no longer than needed: anonymise applications whose retention period
has run out, keeping what statistics need (form, municipality, county, status, year)."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, ModelLogEntry

from forms.models import ApplicationFormPage, ApplicationSubmission


@dataclass
class RetentionReport:
    forms: list = field(default_factory=list)
    applications: int = 0
    attachments: int = 0
    notes: int = 0
    letters: int = 0

    def lines(self):
        yield (
            f"{self.applications} søknader anonymisert, {self.attachments} vedlegg slettet, "
            f"{self.notes} notater slettet, {self.letters} svarbrev tømt."
        )
        for title, count, deadline in self.forms:
            yield f"  {title}: {count} søknader (lagringstiden gikk ut {deadline:%d.%m.%Y})"


def expired_forms(today):
    for page in ApplicationFormPage.objects.filter(locale=Locale.get_default()):
        deadline = page.retention_deadline()
        if deadline is not None and deadline < today:
            yield page, deadline


def anonymise(submission, report):
    for attachment in submission.attachments.all():
        attachment.file.delete(save=False)
        attachment.delete()
        report.attachments += 1
    report.notes += submission.notes.all().delete()[0]
    report.letters += submission.reply_letters.update(recipient="", subject="", body="")
    # The audit log keeps who did what, but not the applicant's address.
    for entry in ModelLogEntry.objects.for_instance(submission).exclude(data={}):
        if "recipient" in entry.data:
            entry.data = {**entry.data, "recipient": ""}
            entry.save(update_fields=["data"])
    submission.form_data = {}
    submission.contact_name = ""
    submission.applicant_email = ""
    submission.status_link_revoked = True
    submission.anonymised_at = timezone.now()
    submission.save()
    report.applications += 1


def apply_retention(today=None, dry_run=False):
    today = today or timezone.localdate()
    report = RetentionReport()
    for page, deadline in expired_forms(today):
        due = ApplicationSubmission.objects.filter(page=page, anonymised_at__isnull=True)
        count = due.count()
        if not count:
            continue
        report.forms.append((page.title, count, deadline))
        if dry_run:
            report.applications += count
            continue
        for submission in due.iterator():
            with transaction.atomic():
                anonymise(submission, report)
    return report
