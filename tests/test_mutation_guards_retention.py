"""Retention, checked where mutation testing (docs/mutation.md) found it unguarded: the
report counts every row it removed (and says after how many days drafts go), a reply letter
keeps nothing of what it said, and a draft stays until its retention days have fully passed."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.management import call_command

from forms.models import ApplicationAttachment, ApplicationNote, ApplicationSubmission
from tests.conftest import oslo
from tests.test_retention import application, forms_  # noqa: F401 (a fixture)


def test_the_report_counts_every_attachment_note_and_letter(forms_, clock):  # noqa: F811
    old_form, _ = forms_
    for number in (1, 2):
        submission = application(old_form, number)
        ApplicationAttachment.objects.create(
            submission=submission,
            field_key="budsjett",
            original_name="budsjett.pdf",
            content_type="application/pdf",
            size=9,
            file=ContentFile(b"%PDF-1.7\n", name="b.pdf"),
        )
        ApplicationNote.objects.create(submission=submission, text="Ring tilbake")
    clock(oslo(2026, 11, 21, 3, 0))
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "2 søknader anonymisert, 4 vedlegg slettet, 4 notater slettet, 2 svarbrev tømt." in (
        out.getvalue()
    )


def test_an_anonymised_reply_letter_keeps_no_subject_or_body(forms_, clock):  # noqa: F811
    old_form, _ = forms_
    expired = application(old_form, 1)
    clock(oslo(2026, 11, 21, 3, 0))
    call_command("apply_retention", stdout=io.StringIO())
    letter = expired.reply_letters.get()
    assert (letter.recipient, letter.subject, letter.body) == ("", "", "")


def test_every_expired_form_is_handled_after_one_with_nothing_due(forms_, clock):  # noqa: F811
    from applications.retention import apply_retention
    from tests.factories import ApplicationFormPageFactory

    old_form, _ = forms_
    second = ApplicationFormPageFactory(parent=old_form.get_parent(), slug="s3")
    application(second, 1)
    application(second, 2, municipality="0301")
    third = ApplicationFormPageFactory(parent=old_form.get_parent(), slug="s4")
    application(third, 3, municipality="1103")
    clock(oslo(2026, 11, 21, 3, 0))
    assert apply_retention(dry_run=True).applications == 3
    # The default is the real thing (the scheduled task passes no arguments).
    assert apply_retention().applications == 3
    assert not ApplicationSubmission.objects.filter(page=second, anonymised_at__isnull=True)


def test_nothing_is_anonymised_on_the_deadline_day_itself(forms_, clock):  # noqa: F811
    from applications.retention import apply_retention

    old_form, _ = forms_
    application(old_form, 1)
    deadline = old_form.retention_deadline()
    assert apply_retention(today=deadline).applications == 0
    assert apply_retention(today=deadline + datetime.timedelta(days=1)).applications == 1


def draft(page, number):
    from forms.models import ApplicationDraft

    return ApplicationDraft.objects.create(page=page, browser_key_hash=f"{number:064d}")


def test_the_report_counts_every_deleted_draft_and_says_after_how_many_days(
    forms_,  # noqa: F811
    settings,
):
    from applications.retention import apply_retention

    settings.APPLICATION_DRAFT_RETENTION_DAYS = 45
    old_form, current_form = forms_
    draft(old_form, 1)
    draft(current_form, 2)
    report = apply_retention(today=datetime.date(2026, 6, 1))
    assert report.drafts == 2
    assert "2 utkast slettet (mer enn 45 dager etter søknadsfristen)." in list(report.lines())


def test_a_draft_is_kept_until_the_retention_days_after_closing_have_passed(
    forms_,  # noqa: F811
    settings,
):
    from applications.retention import RetentionReport, delete_drafts
    from forms.models import ApplicationDraft

    settings.APPLICATION_DRAFT_RETENTION_DAYS = 30
    old_form, _ = forms_
    draft(old_form, 1)
    last_moment = old_form.application_window.closes + datetime.timedelta(days=30)
    report = RetentionReport()
    delete_drafts(last_moment, report, dry_run=False)
    assert report.drafts == 0 and ApplicationDraft.objects.exists()
    delete_drafts(last_moment + datetime.timedelta(seconds=1), report, dry_run=False)
    assert report.drafts == 1 and not ApplicationDraft.objects.exists()
