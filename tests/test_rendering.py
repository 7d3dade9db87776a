"""Every page type renders with the seed content, with what its readers look for."""

import datetime
import re

from django.apps import apps

from wagtail.models import Page

import pytest

from forms.models import ApplicationFormPage
from home.models import ContentPage, HomePage, StrategyPage
from program.models import ProgramIndexPage, ProgramPage
from tests import factories
from tests.factories import ProgramIndexPageFactory, ProgramPageFactory, ResultsPageFactory
from tests.text import visible_text

TEMPLATES = {
    HomePage: "home/home_page.html",
    StrategyPage: "home/strategy_page.html",
    ContentPage: "home/content_page.html",
    ProgramIndexPage: "program/program_index_page.html",
    ProgramPage: "program/program_page.html",
    ApplicationFormPage: "forms/application_form_page.html",
}


@pytest.mark.parametrize("model", list(TEMPLATES), ids=lambda m: m.__name__)
def test_each_page_type_renders_its_seed_content(seeded_site, client, model):
    pages = model.objects.live()
    assert pages.exists()
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200
        assert TEMPLATES[model] in [t.name for t in response.templates]
        assert page.title in visible_text(response.content.decode()) or model is HomePage


def test_each_page_type_renders_in_the_editors_preview(seeded_site):
    for model in TEMPLATES:
        page = model.objects.first()
        response = page.make_preview_request(preview_mode=page.default_preview_mode)
        assert response.status_code == 200, model


def test_a_rounds_results_page_renders_live_and_in_the_preview(seeded_site, client):
    """No seed content has decisions, so the results page is made here as publishing would."""
    form_page = ApplicationFormPage.objects.live().first()
    page = ResultsPageFactory(parent=form_page)
    response = client.get(page.url)
    assert response.status_code == 200
    assert "applications/results_page.html" in [t.name for t in response.templates]
    assert "Bergen" in visible_text(response.content.decode())
    preview = page.make_preview_request(preview_mode=page.default_preview_mode)
    assert preview.status_code == 200
    assert "Bergen" in visible_text(preview.rendered_content)


def test_home_page_shows_the_vision_and_featured_links(seeded_site, client):
    html = client.get("/").content.decode()
    assert '<h1 class="hero__heading">Kulturskole for alle</h1>' in html
    featured = html.split('id="featured-heading"')[1].split("</section>")[0]
    assert 'href="/strategi/"' in featured
    assert 'href="/program/veiledning-for-kulturskoleutvikling/"' in featured


def test_strategy_page_has_a_table_of_contents_that_links_to_its_headings(seeded_site, client):
    html = client.get("/strategi/").content.decode()
    toc = html.split('aria-labelledby="toc-heading">')[1].split("</nav>")[0]
    anchors = re.findall(r'href="#([^"]+)"', toc)
    assert "strategiomrader" in anchors and "mangfold-og-baerekraft" in anchors
    for anchor in anchors:
        assert re.search(rf'<h[23] id="{anchor}">', html), anchor
    # Main headings are the top level, sub-headings nest under them.
    toc_entries = StrategyPage.objects.get(locale__language_code="nb").table_of_contents
    assert [entry["text"] for entry in toc_entries] == [
        "Overordnede styringsdokument, verdier og målbilde",
        "Strategiområder",
        "Virksomhetsområder",
    ]
    assert [child["text"] for child in toc_entries[1]["children"]] == [
        "Mangfold og bærekraft",
        "Kreativ digitalkultur",
        "Rammeplan",
    ]
    assert visible_text(toc).startswith("Innhold Overordnede styringsdokument, verdier og målbilde")


def test_strategy_page_links_to_its_sections(seeded_site, client):
    html = client.get("/strategi/").content.decode()
    sections = html.split('id="sections-heading"')[1].split("</section>")[0]
    for slug in ["interessepolitisk-arbeid", "utviklingsarbeid", "drift-og-organisasjon"]:
        assert f'href="/strategi/{slug}/"' in sections


def test_strategy_blocks_render_with_their_structure(seeded_site, client):
    html = client.get("/strategi/").content.decode()
    assert html.count('<li class="value-card">') == 4
    assert "<figcaption>– Gunnar Skaar</figcaption>" in html
    area = client.get("/strategi/drift-og-organisasjon/").content.decode()
    assert area.count('<li class="task-list__item">') == 7
    assert (
        '<h1><span class="page-header__eyebrow">Kulturskolerådet:</span> Drift og organisasjon</h1>'
    ) in area


def test_program_index_lists_current_and_upcoming_before_past(home_page, client, clock):
    index = ProgramIndexPageFactory(parent=home_page)
    past = ProgramPageFactory(
        parent=index,
        title="Gammelt program",
        program_start=datetime.date(2023, 1, 1),
        program_end=datetime.date(2024, 6, 30),
    )
    older = ProgramPageFactory(
        parent=index,
        title="Eldre program",
        program_start=datetime.date(2021, 1, 1),
        program_end=datetime.date(2022, 6, 30),
    )
    upcoming = ProgramPageFactory(
        parent=index,
        title="Kommende program",
        program_start=datetime.date(2027, 8, 1),
        program_end=datetime.date(2028, 6, 30),
    )
    current = ProgramPageFactory(
        parent=index,
        title="Pågående program",
        program_start=datetime.date(2026, 8, 1),
        program_end=datetime.date(2027, 12, 31),
    )
    clock(datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC))
    text = visible_text(client.get(index.url).content.decode())
    positions = [text.index(p.title) for p in (current, upcoming, past, older)]
    assert positions == sorted(positions)
    assert text.index("Tidligere program") < text.index(past.title)
    assert text.index("Tidligere program") > text.index(upcoming.title)


def test_every_page_model_has_a_factory():
    page_models = [m for m in apps.get_models() if issubclass(m, Page) and m is not Page]
    factory_models = {
        f._meta.model
        for f in vars(factories).values()
        if hasattr(f, "_meta") and getattr(f._meta, "model", None) is not None
    }
    assert set(page_models) <= factory_models, set(page_models) - factory_models
