"""An area of the strategy links to the areas before and after it and back to the strategy
(issue 19, item 9), in the order the strategy page lists them, in both languages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from home.models import ContentPage, StrategyPage
from tests.factories import ContentPageFactory, StrategyPageFactory

SEEDED_AREAS = ["Interessepolitisk arbeid", "Utviklingsarbeid", "Drift og organisasjon"]


def pager_of(client, url):
    """The pager's links as (text, href), or None when the page has none."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    nav = soup.find("nav", class_="strategy-pager")
    if nav is None:
        return None
    return [(" ".join(a.get_text().split()), a["href"]) for a in nav.find_all("a")]


def strategy_and_areas(locale="nb"):
    strategy = StrategyPage.objects.get(locale__language_code=locale, live=True)
    return strategy, list(strategy.section_pages())


@pytest.mark.parametrize("locale", ["nb", "en"])
def test_strategy_page_lists_its_areas_with_their_intros(client, seeded_site, locale):
    strategy, areas = strategy_and_areas(locale)
    assert len(areas) == 3
    soup = BeautifulSoup(client.get(strategy.url).content, "html.parser")
    cards = soup.select("section.sections li")
    assert [" ".join(card.find("a").get_text().split()) for card in cards] == [
        area.title for area in areas
    ]
    for card, area in zip(cards, areas, strict=True):
        assert card.find("a")["href"] == area.url
        assert area.intro and area.intro.split()[0] in card.get_text()


def test_seeded_areas_link_to_their_neighbours_in_order(client, seeded_site):
    strategy, areas = strategy_and_areas()
    assert [area.title for area in areas] == SEEDED_AREAS
    first, middle, last = areas
    back = ("Tilbake til strategien", strategy.url)
    assert pager_of(client, first.url) == [(f"Neste: {middle.title}", middle.url), back]
    assert pager_of(client, middle.url) == [
        (f"Forrige: {first.title}", first.url),
        (f"Neste: {last.title}", last.url),
        back,
    ]
    assert pager_of(client, last.url) == [(f"Forrige: {middle.title}", middle.url), back]


def test_pager_is_a_labelled_navigation_landmark(client, seeded_site):
    _, areas = strategy_and_areas()
    soup = BeautifulSoup(client.get(areas[1].url).content, "html.parser")
    nav = soup.find("nav", class_="strategy-pager")
    assert nav["aria-label"] == "Områdene i strategien"
    assert nav.find("a", rel="prev") and nav.find("a", rel="next")


def test_english_areas_link_to_english_neighbours(client, seeded_site):
    strategy, areas = strategy_and_areas("en")
    first, middle, _ = areas
    links = pager_of(client, first.url)
    # The labels' English is the catalogue's (locale/en); the titles and addresses are English.
    assert [href for _, href in links] == [middle.url, strategy.url]
    assert links[0][0].endswith(f": {middle.title}") and middle.title != SEEDED_AREAS[1]
    assert all(href.startswith("/en/") for _, href in links)


def test_content_page_outside_a_strategy_has_no_pager(client, home_page):
    page = ContentPageFactory(parent=home_page, title="Personvern", slug="personvern")
    assert pager_of(client, page.url) is None


def test_a_draft_area_is_skipped(client, home_page):
    strategy = StrategyPageFactory(parent=home_page, slug="strategi")
    first = ContentPageFactory(parent=strategy, title="Første", slug="forste")
    ContentPageFactory(parent=strategy, title="Utkast", slug="utkast", live=False)
    third = ContentPageFactory(parent=strategy, title="Tredje", slug="tredje")
    assert pager_of(client, first.url)[0] == ("Neste: Tredje", third.url)
    assert pager_of(client, third.url)[0] == ("Forrige: Første", first.url)


def queries_for_area(client, strategy, count):
    areas = [
        ContentPageFactory(parent=strategy, title=f"Område {strategy.pk}-{n}") for n in range(count)
    ]
    middle = areas[len(areas) // 2]
    client.get(middle.url)  # the content generation's caches filled
    with CaptureQueriesContext(connection) as queries:
        assert client.get(middle.url).status_code == 200
    return len(queries)


def test_pager_queries_do_not_grow_with_areas(client, home_page, settings):
    settings.PAGE_CACHE_SECONDS = 0
    few = queries_for_area(client, StrategyPageFactory(parent=home_page, slug="a"), 3)
    many = queries_for_area(client, StrategyPageFactory(parent=home_page, slug="b"), 30)
    assert many == few
    assert isinstance(ContentPage.objects.first().strategy_pager(), dict)
