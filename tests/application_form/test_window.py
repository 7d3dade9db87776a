"""The application window, enforced on the server: before, at and after its edges."""

import pytest

from forms.models import ApplicationSubmission
from tests.application_form.helpers import OPEN
from tests.conftest import oslo
from tests.forms_helpers import post_application, valid_answers
from tests.text import visible_text

# The application window, enforced on the server


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (oslo(2026, 3, 19, 12, 59, 59), False),
        (oslo(2026, 3, 19, 13, 0), True),
        (oslo(2026, 4, 13, 23, 59), True),
        (oslo(2026, 4, 13, 23, 59, 1), False),
    ],
    ids=["second-before-opening", "at-opening", "at-deadline", "second-after-deadline"],
)
def test_window_edges_are_enforced_on_post(client, page, keys, clock, moment, accepted):
    clock(moment)
    response = post_application(client, page, valid_answers(keys))
    assert ApplicationSubmission.objects.exists() is accepted
    if not accepted:
        assert response.status_code == 403
        text = visible_text(response.content.decode())
        assert "Søknaden ble ikke sendt" in text
        assert "Spørsmål? Skriv til post@kulturskoleradet.no." in text
        assert 'value="Kari Nordmann"' in response.content.decode()


def test_after_the_deadline_the_post_says_when_it_closed(client, page, keys, clock):
    clock(oslo(2026, 4, 14, 8, 0))
    text = visible_text(post_application(client, page, valid_answers(keys)).content.decode())
    assert "søknadsfristen gikk ut 13. april 2026 kl. 23.59" in text


def test_closed_form_shows_when_it_closed_and_no_form(client, page, clock):
    clock(oslo(2026, 5, 1))
    html = client.get(page.url).content.decode()
    closed = "Søknadsfristen gikk ut 13. april 2026 kl. 23.59. Skjemaet er stengt."
    assert closed in visible_text(html)
    assert '<form class="application-form"' not in html


def test_form_not_yet_open_says_when_it_opens(client, page, clock):
    clock(oslo(2026, 3, 1))
    text = visible_text(client.get(page.url).content.decode())
    assert "Søknadsskjemaet åpner 19. mars 2026 kl. 13.00." in text


def test_the_window_comes_from_the_program(client, application_form, keys, clock):
    program, page, _keys = application_form
    program.application_closes = oslo(2026, 3, 31, 12, 0)
    program.save_revision().publish()
    clock(OPEN)  # 1 April: closed now that the program's deadline moved
    assert post_application(client, page, valid_answers(keys)).status_code == 403
    assert not ApplicationSubmission.objects.exists()


def test_editors_can_always_preview_the_form(page, clock):
    clock(oslo(2027, 1, 1))  # long after the deadline
    response = page.make_preview_request(preview_mode="form")
    assert response.status_code == 200
    response.render()
    assert '<form class="application-form"' in response.content.decode()
    landing = page.make_preview_request(preview_mode="landing")
    assert landing.status_code == 200
