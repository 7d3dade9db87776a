"""Reply letters and the reviewers' right, checked where mutation testing (docs/mutation.md)
found them unguarded: the audit entry of a sent letter, the sender's address, the counts
staff are shown, a letter queued twice, and who can be made «saksbehandler»."""

from django.contrib.auth import get_user_model
from django.core import mail

from wagtail.models import ModelLogEntry

import pytest

from applications.reply_letters import queue_reply_letters
from forms.models import ApplicationSubmission, ReplyLetter
from tests.review.helpers import make_application


@pytest.fixture
def decided(form_page):
    return [
        make_application(form_page, 1, status="innvilget", applicant_email="a@kommune.no"),
        make_application(form_page, 2, status="avslatt", applicant_email="b@kommune.no"),
        make_application(form_page, 3, status="mottatt"),
    ]


def test_a_sent_letter_is_logged_with_its_sender_decision_and_recipient(
    decided, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_reply_letters(decided[:1], users["reviewer"])
    entry = ModelLogEntry.objects.for_instance(decided[0]).get(
        action="forms.application.reply_sent"
    )
    assert entry.user == users["reviewer"]
    assert entry.data == {"decision": "innvilget", "recipient": "a@kommune.no"}


def test_the_letter_goes_from_the_form_pages_address_with_its_subject(
    form_page, decided, users, django_capture_on_commit_callbacks, settings
):
    form_page.from_address = "kulturskole@kulturskoleradet.no"
    form_page.save()
    with django_capture_on_commit_callbacks(execute=True):
        queue_reply_letters(decided[:1], users["reviewer"])
    letter = ReplyLetter.objects.get()
    assert mail.outbox[0].from_email == "kulturskole@kulturskoleradet.no"
    assert mail.outbox[0].subject == letter.subject and letter.subject.startswith("Svar på")


def test_without_a_form_address_the_letter_goes_from_the_sites_address(
    form_page, decided, users, django_capture_on_commit_callbacks, settings
):
    form_page.from_address = ""
    form_page.save()
    with django_capture_on_commit_callbacks(execute=True):
        queue_reply_letters(decided[:1], users["reviewer"])
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL


def test_staff_are_told_how_many_letters_were_queued_and_skipped(decided, users):
    assert queue_reply_letters(decided, users["reviewer"]) == (2, 1)
    # Still unsent (the mail goes after the commit): written again, not doubled.
    assert queue_reply_letters(decided, users["reviewer"]) == (2, 1)
    assert ReplyLetter.objects.count() == 2


def test_a_sent_letter_is_not_sent_again_unless_chosen(
    decided, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_reply_letters(decided, users["reviewer"])
    assert queue_reply_letters(decided, users["reviewer"]) == (0, 3)
    assert queue_reply_letters(decided, users["reviewer"], resend=True) == (2, 1)


def test_letters_queued_by_no_one_in_particular_have_no_sender(decided):
    assert queue_reply_letters(decided[:1], None) == (1, 0)
    assert ReplyLetter.objects.get().sent_by is None


def test_a_long_subject_is_stored_as_it_will_be_sent(form_page, decided, users):
    text = form_page.reply_letter_texts.get(decision="innvilget")
    text.subject = "{program} {program}"
    text.save()
    program = form_page.get_parent().specific
    program.title = "Kulturskoleløftet " * 11
    program.save()
    queue_reply_letters(decided[:1], users["reviewer"])
    assert len(ReplyLetter.objects.get().subject) == 255


def test_only_reviewers_can_be_made_saksbehandler(users):
    limit = ApplicationSubmission._meta.get_field("assigned_to").get_limit_choices_to()
    offered = set(get_user_model().objects.filter(limit))
    assert offered == {users["reviewer"], users["other_reviewer"]}


def test_every_placeholder_of_a_letter_is_filled_from_the_application(form_page):
    import datetime

    from applications.reply_letters import render_letter
    from website.dates import date_and_time, long_date

    program = form_page.get_parent().specific
    program.reply_date = datetime.date(2026, 4, 30)
    program.program_start = datetime.date(2026, 8, 1)
    program.program_end = datetime.date(2027, 6, 30)
    program.save()
    text = form_page.reply_letter_texts.get(decision="innvilget")
    text.body = "|".join(
        "{" + name + "}"
        for name in "kommune kontaktperson program referanse mottatt svardato".split()
        + ["programstart", "programslutt"]
    )
    text.save()
    submission = make_application(form_page, 1, status="innvilget", contact_name="Kari")
    _, body = render_letter(submission)
    assert body.split("|") == [
        "Bergen",
        "Kari",
        program.title,
        "VKU-2026-0001",
        date_and_time(submission.submit_time),
        long_date(program.reply_date),
        long_date(program.program_start),
        long_date(program.program_end),
    ]
    assert program.title != form_page.title
    # Without a municipality or a contact name the letter still reads.
    submission = make_application(
        form_page, 2, status="innvilget", municipality="4601", contact_name=""
    )
    submission.municipality = None
    _, body = render_letter(submission)
    assert body.split("|")[:2] == ["kommunen", "søker"]


def test_an_unsent_letter_whose_recipient_was_blanked_is_not_sent(form_page):
    from applications.reply_letters import REPLY_LETTER
    from website import outgoing_mail

    # Anonymised before the mail went: the letter has no recipient left.
    submission = make_application(form_page, 1, status="innvilget")
    letter = ReplyLetter.objects.create(
        submission=submission, decision="innvilget", recipient="", subject="", body=""
    )
    assert outgoing_mail.send(REPLY_LETTER, letter.pk) is False
    assert outgoing_mail.send_pending([REPLY_LETTER]) == (0, 0)
    letter.refresh_from_db()
    assert letter.sent_at is None and not mail.outbox
    assert not ModelLogEntry.objects.for_instance(submission).filter(
        action="forms.application.reply_sent"
    )


def test_a_letter_renders_for_a_form_page_whose_parent_is_no_program(home_page):
    from applications.reply_letters import render_letter
    from tests.factories import ApplicationFormPageFactory

    # Only code can put a form page there (parent_page_types), but the letter still reads.
    page = ApplicationFormPageFactory(parent=home_page, slug="uten-program")
    text = page.reply_letter_texts.get(decision="innvilget")
    text.body = "[{svardato}|{programstart}|{programslutt}]"
    text.save()
    _, body = render_letter(make_application(page, 1, status="innvilget"))
    assert body == "[||]"


def test_reviewers_are_listed_by_first_name_last_name_and_username(django_user_model):
    from django.contrib.auth.models import Group

    from forms.permissions import reviewers

    group = Group.objects.get(name="Søknadsbehandlere")
    names = [("a1", "Bjørn", "Aas"), ("b2", "Anne", "Dahl"), ("c3", "Anne", "Berg")]
    names.append(("b4", "Anne", "Berg"))
    for username, first_name, last_name in names:
        user = django_user_model.objects.create_user(
            username, first_name=first_name, last_name=last_name
        )
        user.groups.add(group)
    assert [user.username for user in reviewers()] == ["b4", "c3", "b2", "a1"]
