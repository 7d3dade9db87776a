"""The status page after a grant (issue 18, items 1 and 4): the next action, the timeline and
the acceptance box in order; a post is an acceptance or a withdrawal by its «handling», never
both; errors keep what was typed, success redirects (PRG); private, in fixed queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.log_actions import log

import pytest

from forms.models import ApplicationNote, GrantFollowUp, ReplyLetter
from tests.conftest import oslo
from tests.follow_up.conftest import CONDITIONS, LETTER_SENT
from tests.follow_up.timeline_helpers import status_path
from tests.review.helpers import make_application
from tests.text import visible_text

VALID = {
    "handling": "aksepter",
    "accepted_name": "Ola Nordmann",
    "accepted_role": "Kommunalsjef",
    "confirm_accept": "1",
}


def private(response):
    return response["Cache-Control"] == "private, no-store"


def test_awaiting_acceptance_in_the_pages_order(client, granted_application_with_report):
    response = client.get(status_path(granted_application_with_report))
    assert response.status_code == 200 and private(response)
    html = response.content.decode()
    text = visible_text(html)
    order = [
        "Svarbrevet ble sendt",  # the status box
        "Hva må kommunen gjøre nå?",
        "Kommunen må akseptere tilsagnet innen 3. juni 2026.",
        "Søknadens gang",
        CONDITIONS,  # the acceptance box
        "Rapport mangler.",  # the report box
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert '<ol class="timeline">' in html and 'aria-current="step"' in html
    assert '<time datetime="2026-06-03T23:59:59.999+02:00">' in html
    assert "Fullført" in text and "Nå" in text and "Senere" in text


def test_an_empty_name_is_an_error_beside_it_and_what_was_typed_stays(client, granted_application):
    path = status_path(granted_application)
    response = client.post(path, {**VALID, "accepted_name": " ", "accepted_role": "Rådmann"})
    assert response.status_code == 200 and private(response)
    html = response.content.decode()
    text = visible_text(html)
    assert "Tilsagnet ble ikke akseptert" in text
    assert 'href="#accepted_name"' in html  # the summary links to the field
    assert 'aria-invalid="true"' in html
    assert 'value="Rådmann"' in html
    assert "Søknaden ble ikke trukket" not in text
    follow_up = GrantFollowUp.objects.get(submission=granted_application)
    assert follow_up.accepted_at is None
    granted_application.refresh_from_db()
    assert granted_application.status == "innvilget"


def test_accepting_redirects_to_the_page_that_says_so(client, granted_application_with_report):
    application = granted_application_with_report
    path = status_path(application)
    response = client.post(path, VALID)
    assert response.status_code == 302 and response["Location"] == path
    follow_up = GrantFollowUp.objects.get(submission=application)
    assert follow_up.accepted_name == "Ola Nordmann" and follow_up.accepted_at
    text = visible_text(client.get(path).content.decode())
    assert "Lever rapporten innen 1. desember 2026." in text
    assert "Akseptert" in text


def test_a_post_to_accept_never_withdraws(client, form_page_with_acceptance, clock):
    clock(oslo(2026, 4, 2, 12))
    application = make_application(form_page_with_acceptance, 5)
    response = client.post(status_path(application), {**VALID, "confirm_withdraw": "1"})
    assert response.status_code == 409 and private(response)  # nothing to accept
    application.refresh_from_db()
    assert application.status == "mottatt"
    # Without «handling» (the old form), or with «trekk», it is a withdrawal.
    response = client.post(status_path(application), {"confirm_withdraw": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "trukket"


def test_a_post_to_withdraw_never_accepts(client, granted_application):
    response = client.post(
        status_path(granted_application), {**VALID, "handling": "trekk", "confirm_withdraw": "1"}
    )
    assert response.status_code == 409  # the letter has gone: no withdrawal
    assert GrantFollowUp.objects.get(submission=granted_application).accepted_at is None


def queries(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


@pytest.mark.parametrize("accepted", [False, True])
def test_the_status_page_costs_the_same_however_long_the_history(
    client, granted_application_with_report, report_form, accepted
):
    application = granted_application_with_report
    if accepted:
        GrantFollowUp.objects.filter(submission=application).update(
            accepted_at=LETTER_SENT, report_status="levert", report_delivered_at=LETTER_SENT
        )
    path = status_path(application)
    queries(client, path)  # warm the caches a first request fills
    before = queries(client, path)
    for number in range(5):
        log(application, "forms.application.status", data={"to": "under_behandling"})
        ApplicationNote.objects.create(submission=application, text=f"Notat {number}")
        ReplyLetter.objects.create(
            submission=application,
            decision="innvilget",
            recipient="kari@bergen.kommune.no",
            subject="Svar",
            body="Svar",
            sent_at=LETTER_SENT,
        )
        make_application(report_form, 900 + number, report_for=application)
    assert queries(client, path) == before


@pytest.mark.parametrize("handling", ["aksepter", "trekk", ""])
def test_bad_posts_are_no_server_error(client, granted_application, handling):
    response = client.post(
        status_path(granted_application),
        {"handling": handling, "accepted_name": "x" * 5000, "accepted_role": "\x00"},
    )
    assert response.status_code in (200, 409) and private(response)
