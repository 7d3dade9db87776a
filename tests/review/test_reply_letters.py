"""Reply letters to decided applications: rendered from the templates, sent once."""

from wagtail.models import ModelLogEntry

import pytest

from tests.review.helpers import LIST_URL, bulk_url, make_application
from tests.text import visible_text

# Reply letters


@pytest.fixture
def decided(form_page):
    program = form_page.get_parent().specific
    program.reply_date = __import__("datetime").date(2026, 4, 30)
    program.save()
    return {
        status: make_application(
            form_page,
            n,
            status=status,
            municipality=municipality,
            contact_name=f"Kontakt {n}",
            applicant_email=f"soker{n}@kommune.no",
        )
        for n, (status, municipality) in enumerate(
            [
                ("innvilget", "4601"),
                ("avslatt", "0301"),
                ("venteliste", "1103"),
                ("under_behandling", "5001"),
                ("mottatt", "1515"),
            ],
            start=1,
        )
    }


def test_reply_letters_are_rendered_from_the_templates(decided):
    from applications.reply_letters import render_letter

    subject, body = render_letter(decided["innvilget"])
    assert subject.startswith("Svar på søknad VKU-2026-0001: ")
    assert body.startswith("Hei Kontakt 1,")
    assert "Bergen er tatt opp i" in body
    _, rejected = render_letter(decided["avslatt"])
    assert "Oslo - Oslove" in rejected and "ikke fått plass" in rejected
    _, waiting = render_letter(decided["venteliste"])
    assert "står på venteliste" in waiting


def test_unknown_placeholders_are_refused_in_norwegian(form_page):
    from django.core.exceptions import ValidationError

    letter = form_page.reply_letter_texts.get(decision="innvilget")
    letter.body = "Hei {navn}, du fikk plass."
    with pytest.raises(ValidationError) as error:
        letter.full_clean()
    assert "Ukjent felt: {navn}" in str(error.value)


def test_reply_letters_go_once_and_only_to_decided_applications(
    client, users, decided, django_capture_on_commit_callbacks
):
    from django.core import mail

    from forms.models import ReplyLetter

    client.force_login(users["reviewer"])
    everyone = list(decided.values())
    url = bulk_url("send_reply_letters", *everyone)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {})
    assert sorted(m.to[0] for m in mail.outbox) == [
        "soker1@kommune.no",
        "soker2@kommune.no",
        "soker3@kommune.no",
    ]
    letters = ReplyLetter.objects.filter(sent_at__isnull=False)
    assert {(x.submission.reference, x.decision, x.sent_by) for x in letters} == {
        ("VKU-2026-0001", "innvilget", users["reviewer"]),
        ("VKU-2026-0002", "avslatt", users["reviewer"]),
        ("VKU-2026-0003", "venteliste", users["reviewer"]),
    }
    assert ModelLogEntry.objects.filter(action="forms.application.reply_sent").count() == 3

    # Sending again sends nothing new, unless staff explicitly resend.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {})
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("send_reply_letters", decided["innvilget"]), {"resend": "on"})
    assert len(mail.outbox) == 4
    # A changed decision gets its own letter.
    decided["venteliste"].status = "innvilget"
    decided["venteliste"].save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("send_reply_letters", decided["venteliste"]), {})
    assert len(mail.outbox) == 5
    assert "er tatt opp i" in mail.outbox[-1].body


def test_reply_letter_from_the_application_page(
    client, users, decided, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(users["reviewer"])
    granted = decided["innvilget"]
    page = visible_text(client.get(f"{LIST_URL}inspect/{granted.pk}/").content.decode())
    assert "Forhåndsvisning Svar på søknad VKU-2026-0001" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{LIST_URL}{granted.pk}/svarbrev/")
    assert [m.to for m in mail.outbox] == [["soker1@kommune.no"]]
    undecided = decided["mottatt"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{LIST_URL}{undecided.pk}/svarbrev/")
    assert len(mail.outbox) == 1
    page = visible_text(client.get(f"{LIST_URL}inspect/{undecided.pk}/").content.decode())
    assert "Svarbrev kan sendes når søknaden er innvilget" in page


def test_two_sends_queued_before_either_runs_send_one_letter(
    client, users, decided, django_capture_on_commit_callbacks
):
    """Two clicks on «Send svarbrev» (two tabs, two reviewers) before the background task has
    run queue the same letter twice; the task that runs second finds it sent."""
    from django.core import mail

    from forms.models import ReplyLetter

    client.force_login(users["reviewer"])
    granted = decided["innvilget"]
    with django_capture_on_commit_callbacks(execute=False) as first:
        client.post(bulk_url("send_reply_letters", granted), {})
    with django_capture_on_commit_callbacks(execute=False) as second:
        client.post(f"{LIST_URL}{granted.pk}/svarbrev/")
    assert mail.outbox == [] and first and second  # both queued, neither run
    for queued_task in [*first, *second]:
        queued_task()
    assert [m.to for m in mail.outbox] == [["soker1@kommune.no"]]
    assert ReplyLetter.objects.filter(submission=granted).count() == 1
    assert ModelLogEntry.objects.filter(action="forms.application.reply_sent").count() == 1
