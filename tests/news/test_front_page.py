"""The front page leads with what is current: open calls, next gatherings, latest news;
program pages list their news. Sections come from the apps' registrations."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

import pytest
from wagtail_factories import ImageFactory

from home import front_page
from tests.conftest import oslo
from tests.factories import GatheringFactory, ProgramIndexPageFactory, ProgramPageFactory
from tests.news.conftest import articles

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache():
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


def test_apps_register_their_sections_in_order():
    names = [section.name for section in front_page.registered()]
    assert names[:3] == ["open_calls", "next_gatherings", "latest_news"]


def test_open_and_upcoming_calls_follow_the_program_fields(client, program, clock):
    clock(oslo(2026, 3, 1, 12))  # the factory's window: 19 March to 13 April 2026
    html = client.get("/").content.decode()
    assert "Åpne og kommende utlysninger" in html
    assert "Søknadsportalen åpner 19. mars 2026" in html
    clock(oslo(2026, 4, 1, 12))
    html = client.get("/").content.decode()
    assert "Søknadsportalen er åpen – frist 13. april 2026" in html
    assert f'href="{program.url}"' in html
    clock(oslo(2026, 4, 14, 0, 1))  # closed: no longer current
    assert "Åpne og kommende utlysninger" not in client.get("/").content.decode()


def test_open_calls_come_first_then_upcoming(client, program, clock):
    later = ProgramPageFactory(
        parent=program.get_parent(),
        title="Senere program",
        application_opens=oslo(2026, 9, 1, 9),
        application_closes=oslo(2026, 9, 30, 23, 59),
    )
    clock(oslo(2026, 4, 1, 12))
    html = client.get("/").content.decode()
    assert html.index(program.title) < html.index(later.title)


def test_next_gatherings_across_programs(client, program, clock):
    other = ProgramPageFactory(parent=program.get_parent(), title="Annet program")
    GatheringFactory(page=program, date=datetime.date(2026, 9, 1), title="Fysisk samling")
    GatheringFactory(page=other, date=datetime.date(2026, 8, 20), title="Oppstart")
    GatheringFactory(page=other, date=datetime.date(2026, 5, 1), title="Gammel samling")
    clock(oslo(2026, 6, 1, 12))
    html = client.get("/").content.decode()
    assert "Neste samlinger" in html
    assert html.index("Oppstart") < html.index("Fysisk samling")
    assert "Gammel samling" not in html
    assert '<time datetime="2026-08-20">' in html


def test_latest_three_articles_and_a_link_to_all_news(client, news_index):
    articles(news_index, 4)
    html = client.get("/").content.decode()
    assert "Siste nytt" in html
    assert "Sak 3" in html and "Sak 1" in html and "Sak 0" not in html
    assert f'href="{news_index.url}"' in html


def test_no_news_section_without_articles(client, news_index):
    assert "Siste nytt" not in client.get("/").content.decode()


def test_a_program_page_lists_its_latest_news(client, news_index, program):
    linked, unlinked = articles(news_index, 2)
    linked.programs.add(program)
    linked.save_revision().publish()
    html = client.get(program.url).content.decode()
    assert "Nyheter om programmet" in html
    assert linked.title in html and unlinked.title not in html


def test_a_program_page_without_news_has_no_news_section(client, news_index, program):
    articles(news_index, 1)
    assert "Nyheter om programmet" not in client.get(program.url).content.decode()


def queries_for(client, url):
    client.get(url)  # renditions, settings, navigation cache
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/", "/nyheter/"])
def test_query_count_does_not_grow_with_the_articles(client, news_index, program, clock, url):
    clock(oslo(2026, 4, 1, 12))
    GatheringFactory(page=program, date=datetime.date(2026, 9, 1))
    made = articles(news_index, 3, image=True)
    for article in made:
        article.programs.add(program)
        article.tags.add("Rammeplan")
        article.save_revision().publish()
    few = queries_for(client, url)
    more = articles(news_index, 297, start=datetime.date(2025, 1, 1), prefix="Eldre")
    for article in more[-20:]:  # some of the newest with images, programs and tags too
        article.image, article.image_alt = ImageFactory(), "Bilde"
        article.programs.add(program)
        article.tags.add("Rammeplan", "Kulturskole")
        article.save_revision().publish()
    many = queries_for(client, url)
    assert few == many, f"{few} queries with 3 articles, {many} with 300"


@pytest.fixture
def program(home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    return ProgramPageFactory(parent=index, title="Veiledning", slug="veiledning")
