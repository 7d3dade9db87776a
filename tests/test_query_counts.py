"""Every public page type costs the same few SQL queries whatever its content.

Each test renders a page type twice: with a little content and with a lot (blocks,
images, documents, links, child pages, gatherings, menu items), with the page cache
off, and asserts the query counts are equal and small.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

import pytest
from wagtail_factories import DocumentFactory, ImageFactory

from tests.factories import (
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    ContentPageFactory,
    GatheringFactory,
    ProgramIndexPageFactory,
    ProgramMilestoneFactory,
    ProgramPageFactory,
    StrategyPageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

# Routing is nearly all of them (and with no page private, Wagtail's privacy check asks
# nothing: home/routing.py): what a page shows besides its own fields (listings, rows,
# linked pages, navigation, settings) comes from the cache of the content generation
# (home/page_data.py). The point is also that the count does not grow with content. The
# most is a translated page (its Norwegian facts).
MOST_QUERIES = 3


@pytest.fixture
def no_page_cache():
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


def queries_for(client, url):
    # The first visit creates renditions, settings rows and document sizes (which starts
    # a new content generation); the second fills the navigation cache.
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def story(size, link_to=None):
    """A body with `size` blocks of every kind, images and documents included."""
    blocks = []
    for n in range(size):
        link = f'<a linktype="page" id="{link_to.pk}">lenke</a>' if link_to else "lenke"
        blocks += [
            {"type": "heading", "value": {"text": f"Overskrift {n}", "level": "h2", "anchor": ""}},
            {"type": "paragraph", "value": f"<p>Avsnitt {n} med {link}.</p>"},
            {"type": "quote", "value": {"text": f"Sitat {n}", "attribution": "Noen"}},
            {"type": "callout", "value": {"title": "Visjon", "text": f"<p>Boks {n}</p>"}},
            {"type": "value_cards", "value": {"cards": [{"title": "Kort", "text": "Tekst"}] * 3}},
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": ImageFactory(title=f"Bilde {n}").pk,
                        "alt_text": f"Bilde {n}",
                        "decorative": False,
                    },
                    "caption": f"Bildetekst {n}",
                },
            },
            {
                "type": "document",
                "value": {
                    "document": DocumentFactory(title=f"Dokument {n}").pk,
                    "title": "",
                    "description": "",
                },
            },
        ]
    return blocks


def menu_pages(home_page, count, first=0):
    return [
        ContentPageFactory(parent=home_page, title=f"Menypunkt {n}", show_in_menus=True)
        for n in range(first, first + count)
    ]


def assert_constant(small, large):
    assert small == large, f"{small} queries with little content, {large} with a lot"
    assert large <= MOST_QUERIES


def test_content_page(client, home_page):
    target = ContentPageFactory(parent=home_page, title="Mål")
    small = ContentPageFactory(parent=home_page, body=story(1, target))
    large = ContentPageFactory(parent=home_page, body=story(12, target))
    menu_pages(home_page, 1)
    count_small = queries_for(client, small.url)
    menu_pages(home_page, 8, first=1)
    assert_constant(count_small, queries_for(client, large.url))


def test_home_page(client, home_page):
    def featured(pages):
        return [
            {"type": "link", "value": {"page": p.pk, "title": "", "text": "Tekst"}} for p in pages
        ]

    pages = menu_pages(home_page, 1)
    home_page.featured_links = featured(pages)
    home_page.save_revision().publish()
    count_small = queries_for(client, "/")
    pages += menu_pages(home_page, 5, first=1)  # six links at most
    home_page.featured_links = featured(pages)
    home_page.save_revision().publish()
    assert_constant(count_small, queries_for(client, "/"))


def test_strategy_page(client, home_page):
    small = StrategyPageFactory(parent=home_page, slug="liten", body=story(1))
    ContentPageFactory(parent=small)
    large = StrategyPageFactory(parent=home_page, slug="stor", body=story(10))
    for _ in range(10):
        ContentPageFactory(parent=large, body=story(1))
    assert_constant(queries_for(client, small.url), queries_for(client, large.url))


def program_with(index, gatherings, milestones, blocks, slug):
    program = ProgramPageFactory(parent=index, slug=slug, body=story(blocks))
    for n in range(gatherings):
        GatheringFactory(page=program, date=datetime.date(2026, 9, 1) + datetime.timedelta(n))
    for n in range(milestones):
        # Milestones with and without a date label are shown differently.
        ProgramMilestoneFactory(page=program, date_label="Mai/juni" if n % 2 else "")
    ApplicationFormPageFactory(parent=program)
    return program


def test_program_page(client, home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    small = program_with(index, gatherings=1, milestones=1, blocks=1, slug="liten")
    large = program_with(index, gatherings=15, milestones=6, blocks=8, slug="stor")
    assert_constant(queries_for(client, small.url), queries_for(client, large.url))


def test_program_index_page(client, home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    program_with(index, gatherings=2, milestones=1, blocks=1, slug="forste")
    count_small = queries_for(client, index.url)
    for n in range(10):
        program_with(index, gatherings=3, milestones=2, blocks=2, slug=f"program-{n}")
    assert_constant(count_small, queries_for(client, index.url))


def test_application_form_page(client, home_page, clock):
    index = ProgramIndexPageFactory(parent=home_page)
    forms = []
    for slug, fields in (("liten", 1), ("stor", 20)):
        program = ProgramPageFactory(parent=index, slug=slug)
        form = ApplicationFormPageFactory(parent=program)
        for n in range(fields):
            ApplicationFormFieldFactory(page=form, label=f"Spørsmål {n}")
        forms.append(form)
    clock(datetime.datetime(2026, 4, 1, 12, tzinfo=datetime.UTC))  # the window is open
    small, large = (queries_for(client, form.url) for form in forms)
    assert_constant(small, large)


def test_english_program_and_form_pages(client, home_page, clock):
    """A translation reads its dates, gatherings and form rules from the Norwegian page:
    a few more queries, the same whatever the content."""
    from tests.published_translation import translate_and_publish as translate

    index = ProgramIndexPageFactory(parent=home_page)
    translate(home_page)
    translate(index)
    english = {}
    for slug, gatherings, fields in (("liten", 1, 1), ("stor", 15, 20)):
        program = program_with(
            index, gatherings=gatherings, milestones=gatherings, blocks=2, slug=slug
        )
        form = program.get_children().get().specific
        for n in range(fields):
            ApplicationFormFieldFactory(page=form, label=f"Spørsmål {n}")
        form.save_revision().publish()
        english[slug] = (translate(program), translate(form))
    clock(datetime.datetime(2026, 4, 1, 12, tzinfo=datetime.UTC))  # the window is open
    (small_program, small_form), (large_program, large_form) = english.values()
    assert_constant(queries_for(client, small_program.url), queries_for(client, large_program.url))
    assert_constant(queries_for(client, small_form.url), queries_for(client, large_form.url))
