"""Retention, checked where mutation testing (docs/mutation.md) found it unguarded: the
report counts every row it removed, and a reply letter keeps nothing of what it said."""

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
