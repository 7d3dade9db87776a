"""A page's body is rendered once per content generation ({% page_body %} in
home/templatetags/body_tags.py), unless a block in it shows something per request."""

from django.test import override_settings

import pytest

from home.models import ContentPage
from tests.conftest import oslo
from tests.forms_helpers import build_form
from tests.text import visible_text
from website.cache_generation import current_generation, kept_here

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache():
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.fixture
def page(home_page):
    page = ContentPage(title="Om", slug="om", body=paragraph("Første tekst"))
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_published_change_to_the_body_shows_at_once(client, page):
    assert "Første tekst" in client.get(page.url).content.decode()
    page.body = paragraph("Andre tekst")
    page.save_revision().publish()
    assert "Andre tekst" in client.get(page.url).content.decode()


def test_a_preview_shows_the_draft_body(client, page):
    client.get(page.url)
    client.get(page.url)
    page.body = paragraph("Utkasttekst")
    preview = page.make_preview_request(preview_mode=page.default_preview_mode)
    assert "Utkasttekst" in preview.rendered_content
    assert "Utkasttekst" not in client.get(page.url).content.decode()


def test_a_body_with_an_embedded_form_is_rendered_per_request(client, home_page, clock):
    clock(oslo(2026, 4, 1, 12, 0))
    _, form_page, _ = build_form(home_page)
    page = ContentPage(
        title="Søk nå",
        slug="sok-na",
        body=[{"type": "application_form", "value": {"form_page": form_page.pk, "heading": ""}}],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    for _ in range(2):
        assert "application-form" in client.get(page.url).content.decode()
    clock(oslo(2026, 5, 1))  # the window closed: nothing but the clock changed
    html = client.get(page.url).content.decode()
    assert "application-form" not in html
    assert "Søknadsfristen gikk ut" in visible_text(html)


def test_a_process_with_other_code_renders_the_body_anew(client, page, monkeypatch):
    client.get(page.url)
    # A change that starts no new generation (no signals) shows what is kept...
    ContentPage.objects.filter(pk=page.pk).update(body=paragraph("Ny kode"))
    assert "Første tekst" in client.get(page.url).content.decode()
    # ...but a newly deployed worker renders with its own templates and code.
    monkeypatch.setattr("home.page_data.PROCESS", "a-newly-deployed-worker")
    # A new worker also starts with nothing in its memory (the pages routing keeps).
    kept_here(current_generation()).clear()
    assert "Ny kode" in client.get(page.url).content.decode()
