"""Personal data: retention, subject access, and the statistics that outlive them."""

import datetime
import io
import json

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

import pytest

from forms.models import (
    ApplicationAttachment,
    ApplicationNote,
    ApplicationSubmission,
    Municipality,
    ReplyLetter,
)
from tests.conftest import oslo
from tests.factories import (
    ApplicationFormPageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)


@pytest.fixture
def forms_(home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    old = ProgramPageFactory(
        parent=index,
        slug="gammelt",
        program_start=datetime.date(2023, 1, 1),
        program_end=datetime.date(2024, 6, 30),
    )
    current = ProgramPageFactory(parent=index, slug="naa")  # ends 31.12.2027
    return (
        ApplicationFormPageFactory(parent=old, slug="s1"),
        ApplicationFormPageFactory(parent=current, slug="s2", reference_prefix="NYT"),
    )


def application(page, number, municipality="4601", status="innvilget"):
    submission = ApplicationSubmission.objects.create(
        page=page,
        reference=f"{page.reference_prefix}-2024-{number:04d}",
        form_data={"navn_ab12cd": "Kari Nordmann", "e_post_cd34ef": "kari@bergen.kommune.no"},
        field_labels=[{"key": "navn_ab12cd", "label": "Navn", "type": "singleline"}],
        municipality=Municipality.objects.get(number=municipality),
        status=status,
        contact_name="Kari Nordmann",
        applicant_email="kari@bergen.kommune.no",
    )
    ApplicationAttachment.objects.create(
        submission=submission,
        field_key="vedlegg",
        original_name="vedtak.pdf",
        content_type="application/pdf",
        size=9,
        file=ContentFile(b"%PDF-1.7\n", name="v.pdf"),
    )
    ApplicationNote.objects.create(submission=submission, text="Ring Kari")
    ReplyLetter.objects.create(
        submission=submission,
        decision=status,
        recipient="kari@bergen.kommune.no",
        subject="Svar",
        body="Hei Kari",
        sent_at=oslo(2024, 4, 30, 12),
    )
    log(
        submission,
        "forms.application.reply_sent",
        data={"decision": status, "recipient": "kari@bergen.kommune.no"},
    )
    return submission


def test_retention_deadline_is_months_after_the_program_ends(forms_):
    old_form, current_form = forms_
    assert old_form.retention_deadline() == datetime.date(2025, 6, 30)
    old_form.retention_months = 8
    assert old_form.retention_deadline() == datetime.date(2025, 2, 28)  # no 30 February
    assert current_form.retention_deadline() == datetime.date(2028, 12, 31)


def test_retention_anonymises_expired_applications_only(forms_, clock):
    old_form, current_form = forms_
    expired = application(old_form, 1)
    kept = application(current_form, 1, municipality="0301", status="avslatt")
    attachment_path = expired.attachments.get().file.path
    clock(oslo(2026, 11, 21, 3, 0))
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "1 søknader anonymisert, 1 vedlegg slettet, 1 notater slettet, 1 svarbrev tømt." in (
        out.getvalue()
    )

    expired.refresh_from_db()
    assert expired.form_data == {} and expired.contact_name == "" and expired.applicant_email == ""
    assert expired.anonymised_at is not None and expired.status_link_revoked
    assert not expired.attachments.exists() and not expired.notes.exists()
    assert not __import__("os").path.exists(attachment_path)
    assert expired.reply_letters.get().recipient == ""
    entry = ModelLogEntry.objects.for_instance(expired).get(action="forms.application.reply_sent")
    assert entry.data["recipient"] == ""
    # What statistics need stays.
    assert (expired.reference, expired.status, expired.municipality.county) == (
        "VKU-2024-0001",
        "innvilget",
        "Vestland",
    )

    kept.refresh_from_db()
    assert kept.contact_name == "Kari Nordmann" and kept.attachments.exists()

    # Running it again does nothing more.
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "0 søknader anonymisert" in out.getvalue()


@pytest.mark.parametrize(
    ("now", "anonymised"),
    [
        # The deadline, 30.06.2025, is the last day the data is kept: not one day early ...
        (oslo(2025, 6, 30, 23, 59), False),
        # ... and gone the next day, by Oslo's calendar (00:30 in Oslo is still 30 June in UTC).
        (oslo(2025, 7, 1, 0, 30), True),
    ],
)
def test_retention_anonymises_the_day_after_the_deadline(forms_, clock, now, anonymised):
    old_form, _ = forms_
    assert old_form.retention_deadline() == datetime.date(2025, 6, 30)
    submission = application(old_form, 1)
    clock(now)
    call_command("apply_retention", stdout=io.StringIO())
    submission.refresh_from_db()
    assert (submission.anonymised_at is not None) is anonymised
    assert (submission.contact_name == "") is anonymised


def test_retention_dry_run_changes_nothing(forms_, clock):
    old_form, _ = forms_
    expired = application(old_form, 1)
    clock(oslo(2026, 11, 21, 3, 0))
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "Prøvekjøring" in out.getvalue() and "1 søknader anonymisert" in out.getvalue()
    expired.refresh_from_db()
    assert expired.contact_name == "Kari Nordmann"


def test_statistics_survive_the_retention(forms_, clock):
    old_form, _ = forms_
    application(old_form, 1)
    application(old_form, 2, municipality="4602", status="avslatt")
    application(old_form, 3, municipality="0301", status="innvilget")
    clock(oslo(2026, 11, 21, 3, 0))
    call_command("apply_retention", stdout=io.StringIO())
    out = io.StringIO()
    call_command("application_statistics", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "År;Skjema;Fylke;Status;Antall"
    year = ApplicationSubmission.objects.first().submit_time.year
    assert f"{year};{old_form.title};Vestland;Innvilget;1" in lines
    assert f"{year};{old_form.title};Vestland;Avslått;1" in lines
    assert f"{year};{old_form.title};Oslo;Innvilget;1" in lines


def test_everything_about_one_email_address(client, forms_, django_user_model):
    old_form, current_form = forms_
    application(old_form, 1)
    other = application(current_form, 1, municipality="0301")
    other.applicant_email = "ola@oslo.kommune.no"
    other.form_data = {"rektor_e_post_aa11bb": "KARI@bergen.kommune.no"}
    other.save()
    unrelated = application(current_form, 2, municipality="1103")
    unrelated.applicant_email = "per@stavanger.kommune.no"
    unrelated.form_data = {"navn_ab12cd": "Per"}
    unrelated.save()

    reviewer = django_user_model.objects.create_user("behandler", password="x")
    reviewer.groups.add(Group.objects.get(name="Søknadsbehandlere"))
    client.force_login(reviewer)
    assert client.get("/admin/soknader/innsyn/").status_code == 200
    response = client.post("/admin/soknader/innsyn/", {"email": "kari@bergen.kommune.no"})
    assert response["Content-Disposition"] == 'attachment; filename="innsyn.json"'
    data = json.loads(response.content)
    references = sorted(record["referanse"] for record in data["søknader"])
    # Her own application, and one that names her address in an answer (case aside).
    assert references == ["NYT-2024-0001", "VKU-2024-0001"]
    record = next(r for r in data["søknader"] if r["referanse"] == "VKU-2024-0001")
    assert record["interne_notater"][0]["tekst"] == "Ring Kari"
    assert record["vedlegg"] == ["vedtak.pdf"]
    assert ModelLogEntry.objects.filter(action="forms.application.export").count() == len(
        references
    )
    # Not for editors.
    editor = django_user_model.objects.create_user("redaktor", password="x")
    editor.groups.add(Group.objects.get(name="Redaktører"))
    client.force_login(editor)
    assert client.post(
        "/admin/soknader/innsyn/", {"email": "kari@bergen.kommune.no"}
    ).status_code in (302, 403)
