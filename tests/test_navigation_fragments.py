"""The header, breadcrumbs and footer are rendered once per content generation, site,
language and (for the header and breadcrumbs) page shown (navigation_fragment in
home/templatetags/navigation_tags.py)."""

from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import pytest
from wagtail_factories import ImageFactory

from home.models import ContentPage
from tests.text import visible_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def no_page_cache():
    with override_settings(PAGE_CACHE_SECONDS=0):
        yield


def nav(html):
    return html.split('aria-label="Hovedmeny"')[1].split("</nav>")[0]


def test_each_page_marks_itself_in_the_menu(seeded_site, client):
    for url, title in [
        ("/program/", "Program"),
        ("/strategi/", "Med kulturskolen inn i fremtiden"),
    ]:
        for _ in range(2):  # the second from the cache of the generation
            html = client.get(url).content.decode()
            assert f'aria-current="page">{title}</a>' in nav(html), url


def test_each_language_has_its_own_header_and_footer(seeded_site, client):
    client.get("/")
    english = client.get("/en/").content.decode()
    assert '<html lang="en">' in english
    assert 'aria-label="Main menu"' in english
    assert "Hovedmeny" not in english
    assert "Om nettstedet" not in english


def test_a_content_change_reaches_the_menu_at_once(seeded_site, client, home_page):
    client.get("/")
    page = ContentPage(title="Om oss", slug="om-oss", show_in_menus=True)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    assert ">Om oss</a>" in nav(client.get("/").content.decode())


def test_a_preview_shows_the_drafts_title_in_the_breadcrumbs(seeded_site, client):
    area = ContentPage.objects.get(slug="utviklingsarbeid")
    client.get(area.url)
    area.title = "Utkasttittel"
    preview = area.make_preview_request(preview_mode=area.default_preview_mode)
    crumbs = preview.rendered_content.split('aria-label="Brødsmulesti"')[1].split("</nav>")[0]
    assert "Utkasttittel" in visible_text(crumbs)


def test_the_tag_wants_a_quoted_name():
    with pytest.raises(TemplateSyntaxError):
        Template(
            "{% load navigation_tags %}{% navigation_fragment menu %}{% endnavigation_fragment %}"
        )
    with pytest.raises(TemplateSyntaxError):
        Template(
            "{% load navigation_tags %}{% navigation_fragment 'menu' every %}"
            "{% endnavigation_fragment %}"
        )
    rendered = Template(
        "{% load navigation_tags %}{% navigation_fragment 'x' %}inni{% endnavigation_fragment %}"
    ).render(Context({}))
    assert rendered == "inni"


def test_the_share_image_is_looked_up_once_per_generation(client, home_page):
    page = ContentPage(title="Med bilde", slug="med-bilde", social_image=ImageFactory())
    home_page.add_child(instance=page)
    page.save_revision().publish()
    for _ in range(2):  # the rendition is made, then the fragment kept
        client.get(page.url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(page.url).content.decode()
    assert '<meta property="og:image"' in html and '<link rel="canonical"' in html
    assert not [q for q in queries.captured_queries if "wagtailimages" in q["sql"]]
