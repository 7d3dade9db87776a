"""One status box says where an application window stands, wherever the window is shown:
the program page, the form page and a form shown inside another page
(program/includes/window_status.html, worded in program/window_texts.py)."""

import re

from django.test.utils import override_settings

import pytest

from home.models import ContentPage
from tests.conftest import oslo
from tests.forms_helpers import build_form
from tests.text import visible_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

BOX = re.compile(r'<section class="status status--(\w+)"[^>]*>(.*?)</section>', re.S)


@pytest.fixture
def no_page_cache():
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


@pytest.fixture
def window_pages(home_page, clock):
    clock(oslo(2026, 4, 1, 12, 0))
    program, form_page, _keys = build_form(home_page)
    embedding = ContentPage(
        title="Søk nå",
        slug="sok-na",
        body=[{"type": "application_form", "value": {"form_page": form_page.pk, "heading": ""}}],
    )
    home_page.add_child(instance=embedding)
    embedding.save_revision().publish()
    return program, form_page, embedding


@pytest.mark.parametrize(
    "moment, state, program_says, form_says",
    [
        (
            oslo(2026, 3, 1),
            "not_open",
            "Søknadsportalen er ikke åpnet ennå",
            "Søknadsskjemaet åpner 19. mars 2026 kl. 13.00.",
        ),
        (
            oslo(2026, 4, 1, 12),
            "open",
            "Søknadsportalen er åpen",
            "Søknadsfrist 13. april 2026 kl. 23.59. 12 dager igjen.",
        ),
        (
            oslo(2026, 5, 1),
            "closed",
            "Søknadsportalen er stengt",
            "Søknadsfristen gikk ut 13. april 2026 kl. 23.59. Skjemaet er stengt.",
        ),
    ],
)
def test_every_page_showing_the_window_shows_the_one_status_box(
    client, window_pages, clock, moment, state, program_says, form_says
):
    program, form_page, embedding = window_pages
    clock(moment)
    boxes = {
        page: BOX.findall(client.get(page.url).content.decode())
        for page in (program, form_page, embedding)
    }
    assert [found_state for page in boxes for found_state, _ in boxes[page]] == [state] * 3
    assert program_says in visible_text(boxes[program][0][1])
    assert form_says in visible_text(boxes[form_page][0][1])
    assert form_says in visible_text(boxes[embedding][0][1])
