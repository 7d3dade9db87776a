"""Personal data kept no longer than needed: anonymise applications whose retention period
has run out, keeping what statistics need (form, municipality, county, status, year), and
delete the drafts of a form some days after its window closed (issue 16, item 4). The
assessors' justifications and reasons go with the rest; their scores, declarations and dates
stay for the statistics (issue 17, item 7). Who accepted a grant goes too, when and the
report's status stay; reports are applications to the report form, kept as long as the
applications they report on (issue 18, item 5)."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wagtail.models import Locale, ModelLogEntry

from forms.models import ApplicationDraft, ApplicationFormPage, ApplicationSubmission

from .follow_up_retention import (
    PERSONAL_LOG_DATA,
    anonymise_acceptance,
    drafts_wanted_until,
    retention_deadline,
)
from .models import CriterionScore


@dataclass
class RetentionReport:
    forms: list = field(default_factory=list)
    applications: int = 0
    reports: int = 0
    acceptances: int = 0
    attachments: int = 0
    notes: int = 0
    letters: int = 0
    drafts: int = 0
    justifications: int = 0
    declaration_reasons: int = 0

    def lines(self):
        yield (
            f"{self.applications} søknader anonymisert, {self.attachments} vedlegg slettet, "
            f"{self.notes} notater slettet, {self.letters} svarbrev tømt."
        )
        yield f"{self.reports} rapporter anonymisert, {self.acceptances} aksepter anonymisert."
        yield (
            f"{self.justifications} begrunnelser for score slettet, "
            f"{self.declaration_reasons} begrunnelser for habilitet slettet."
        )
        days = draft_retention_days()
        yield f"{self.drafts} utkast slettet (mer enn {days} dager etter søknadsfristen)."
        for title, count, deadline in self.forms:
            yield f"  {title}: {count} søknader (lagringstiden gikk ut {deadline:%d.%m.%Y})"


def expired_forms(today):
    for page in ApplicationFormPage.objects.filter(locale=Locale.get_default()):
        deadline = retention_deadline(page)
        if deadline is not None and deadline < today:
            yield page, deadline


def anonymise(submission, report):
    for attachment in submission.attachments.all():
        # No mutation testing of `save` (docs/mutation.md): the row goes on the next line.
        attachment.file.delete(save=False)  # pragma: no mutate
        attachment.delete()
        report.attachments += 1
    report.notes += submission.notes.all().delete()[0]
    report.letters += submission.reply_letters.update(recipient="", subject="", body="")
    # Free text about the application (and of an assessor's ties to it); the scores stay.
    report.justifications += (
        CriterionScore.objects.filter(assessment__submission=submission)
        .exclude(justification="")
        .update(justification="")
    )
    report.declaration_reasons += submission.assessments.exclude(declaration_reason="").update(
        declaration_reason=""
    )
    # The audit log keeps who did what, not the applicant's address or who accepted the
    # grant. (The exclude and update_fields only spare work: the loop checks each entry.)
    entries = ModelLogEntry.objects.for_instance(submission).exclude(data={})  # pragma: no mutate
    for entry in entries:
        personal = PERSONAL_LOG_DATA & entry.data.keys()
        if personal:
            entry.data = {**entry.data, **dict.fromkeys(personal, "")}
            entry.save(update_fields=["data"])  # pragma: no mutate
    report.acceptances += anonymise_acceptance(submission)
    submission.form_data = {}
    submission.contact_name = ""
    submission.applicant_email = ""
    submission.status_link_revoked = True
    submission.anonymised_at = timezone.now()
    submission.save()
    if submission.report_for_id:
        report.reports += 1
    else:
        report.applications += 1


def draft_retention_days():
    return settings.APPLICATION_DRAFT_RETENTION_DAYS


def expired_drafts(now):
    """Drafts of forms whose window (a report form: its due day) closed more than the draft
    retention days ago."""
    margin = datetime.timedelta(days=draft_retention_days())
    pages = [
        page.pk
        for page in ApplicationFormPage.objects.filter(locale=Locale.get_default())
        if (closes := drafts_wanted_until(page)) and closes + margin < now
    ]
    return ApplicationDraft.objects.filter(page_id__in=pages)


def delete_drafts(now, report, dry_run):
    drafts = expired_drafts(now)
    report.drafts = drafts.count()
    if dry_run:
        return
    # No mutation testing of the batching: only how many queries it takes.
    batched = drafts.prefetch_related("attachments").iterator(chunk_size=200)  # pragma: no mutate
    for draft in batched:
        with transaction.atomic():
            for attachment in draft.attachments.all():
                attachment.file.delete(save=False)  # pragma: no mutate
            draft.delete()


def apply_retention(today=None, dry_run=False):
    now = timezone.now() if today is None else _end_of(today)
    today = today or timezone.localdate()
    report = RetentionReport()
    delete_drafts(now, report, dry_run)
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


def _end_of(day):
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=timezone.get_current_timezone())
