"""The grant letter asks for acceptance when the form does: the conditions, the same
deadline as the record, and the status link to accept at; {akseptfrist} in the texts."""

from applications.reply_letters import queue_reply_letters, render_letter
from forms.models import ReplyLetter
from forms.status_links import status_url
from tests.conftest import oslo
from tests.follow_up.conftest import CONDITIONS
from tests.review.helpers import make_application


def sent_letter(application):
    return ReplyLetter.objects.get(submission=application, decision="innvilget")


def test_the_grant_letter_states_conditions_deadline_and_link(granted_application):
    body = sent_letter(granted_application).body
    assert "Kommunen må akseptere tilsagnet og vilkårene innen 3. juni 2026." in body
    assert CONDITIONS in body
    assert status_url(granted_application) in body


def test_the_placeholder_gives_the_same_day(form_page_with_acceptance, make_grant):
    text = form_page_with_acceptance.reply_letter_texts.get(decision="innvilget")
    text.body = "Hei {kontaktperson}, svar innen {akseptfrist}."
    text.full_clean()
    text.save()
    application = make_grant(form_page_with_acceptance, 2)
    assert sent_letter(application).body.startswith("Hei Kari Nordmann, svar innen 3. juni 2026.")


def test_no_paragraph_when_the_form_asks_no_acceptance(form_page, make_grant):
    body = sent_letter(make_grant(form_page, 3)).body
    assert "akseptere" not in body
    assert "{akseptfrist}" not in body


def test_no_paragraph_in_other_decisions(form_page_with_acceptance):
    rejected = make_application(form_page_with_acceptance, 4, status="avslatt")
    _, body = render_letter(rejected)
    assert "akseptere" not in body


def test_a_letter_sent_again_states_the_first_deadline(granted_application, clock):
    clock(oslo(2026, 5, 20, 9, 0))
    queue_reply_letters([granted_application], None, resend=True)
    again = ReplyLetter.objects.filter(submission=granted_application, sent_at=None).get()
    assert "innen 3. juni 2026." in again.body
