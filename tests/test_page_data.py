"""What pages show besides their own fields is looked up once per content generation
(home/page_data.py): an uncached page in steady state asks the database only for the page
itself, a content change is shown at once, and an editor's preview shows the draft."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

import pytest

from program.models import Gathering
from tests.conftest import oslo
from tests.factories import (
    ApplicationFormPageFactory,
    ContentPageFactory,
    GatheringFactory,
    NewsIndexPageFactory,
    ProgramIndexPageFactory,
    ProgramMilestoneFactory,
    ProgramPageFactory,
    StrategyPageFactory,
)
from tests.news.conftest import articles

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

# What only the looked-up data comes from: rows, listings, linked pages, renditions.
DATA = (
    '"program_gathering"',
    '"program_programmilestone"',
    '"news_newsarticlepage"',
    '"news_newsindexpage"',
    '"wagtailimages_rendition"',
    'FROM "program_programpage"',
    'FROM "home_contentpage"',
    '"depth" = ',  # children or parent of a page: areas, a program's form page
)


def is_lookup(sql, page):
    """Not routing: not the served page itself, nor a child found by its slug."""
    routing = f'"page_ptr_id" = {page.pk} ' in sql or '"slug" = ' in sql
    return not routing and any(marker in sql for marker in DATA)


@pytest.fixture
def no_page_cache():
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


@pytest.fixture
def site(home_page, clock):
    clock(oslo(2026, 4, 1, 12))
    index = ProgramIndexPageFactory(parent=home_page)
    program = ProgramPageFactory(parent=index, title="Veiledning", slug="veiledning")
    GatheringFactory(page=program, date=datetime.date(2026, 9, 1), title="Høstsamling")
    ProgramMilestoneFactory(page=program)
    ApplicationFormPageFactory(parent=program)
    strategy = StrategyPageFactory(parent=home_page, slug="strategi")
    area = ContentPageFactory(parent=strategy, title="Utvikling")
    ContentPageFactory(parent=strategy, title="Drift")
    news = NewsIndexPageFactory(parent=home_page)
    for article in articles(news, 2, image=True):
        article.programs.add(program)
        article.save_revision().publish()
    home_page.featured_links = [
        {"type": "link", "value": {"page": program.pk, "title": "", "text": "Les om programmet"}}
    ]
    home_page.save_revision().publish()
    return {"program": program, "index": index, "strategy": strategy, "area": area}


def steady_queries(client, url):
    for _ in range(2):  # renditions, settings rows, then the caches of the generation
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("name", ["home", "program", "index", "strategy", "area"])
def test_a_page_in_steady_state_looks_up_nothing_but_itself(client, site, home_page, name):
    page = home_page if name == "home" else site[name]
    response, queries = steady_queries(client, page.url)
    looked_up = [sql for sql in queries if is_lookup(sql, page)]
    assert not looked_up, "\n".join(looked_up)
    assert b"Veiledning" in response.content or name in ("strategy", "area")


def test_the_front_page_shows_a_content_change_at_once(client, site, home_page):
    steady_queries(client, "/")
    GatheringFactory(page=site["program"], date=datetime.date(2026, 10, 1), title="Vintersamling")
    assert "Vintersamling" in client.get("/").content.decode()


def test_a_program_page_shows_a_content_change_at_once(client, site):
    program = site["program"]
    steady_queries(client, program.url)
    program.title = "Nytt navn"
    program.save_revision().publish()
    assert "Nytt navn" in client.get(program.url).content.decode()


def test_the_status_is_said_by_the_clock_not_kept(client, site, clock):
    steady_queries(client, "/")
    clock(oslo(2026, 4, 14, 0, 1))  # the factory's deadline has passed
    assert "Åpne og kommende utlysninger" not in client.get("/").content.decode()


def test_a_preview_shows_the_draft_not_the_kept_data(client, site, home_page):
    steady_queries(client, "/")
    home_page.featured_links = [
        {"type": "link", "value": {"page": site["area"].pk, "title": "Utkastlenke", "text": ""}}
    ]
    preview = home_page.make_preview_request(preview_mode=home_page.default_preview_mode)
    assert "Utkastlenke" in preview.rendered_content

    program = site["program"]
    steady_queries(client, program.url)
    program.gatherings = [
        Gathering(date=datetime.date(2026, 11, 1), title="Utkastsamling", audience="Alle")
    ]
    preview = program.make_preview_request(preview_mode=program.default_preview_mode)
    assert "Utkastsamling" in preview.rendered_content
    # The preview kept nothing: the published page is still served.
    assert "Utkastsamling" not in client.get(program.url).content.decode()
