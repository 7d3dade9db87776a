"""The page cache keys on the Wagtail site and the path, not on the raw Host header: made-up
ports cannot fill the cache or push real pages out, and every site keeps its own pages."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site

import pytest

from tests.factories import HomePageFactory
from website.page_cache import site_for_request

pytestmark = pytest.mark.django_db


def cache_keys():
    """Every key in the test's local-memory cache."""
    return set(cache._cache)


def test_made_up_ports_in_the_host_header_add_no_cache_entries(client, home_page):
    first = client.get("/", HTTP_HOST="localhost")
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/", HTTP_HOST="localhost")["X-Page-Cache"] == "hit"
    keys = cache_keys()

    for port in range(1, 21):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/", HTTP_HOST=f"localhost:{port}")
        assert response["X-Page-Cache"] == "hit"
        assert len(queries) == 0
        assert response.content == first.content
    assert cache_keys() == keys


def test_a_made_up_port_never_reaches_the_cached_page(client, seeded_site):
    # The first visitor of /strategi/ sends a port of their own; everyone gets that copy,
    # so its absolute links (canonical, hreflang, og) come from the Site record only.
    planted = client.get("/strategi/", HTTP_HOST="localhost:6666")
    served = client.get("/strategi/", HTTP_HOST="localhost")
    assert (planted["X-Page-Cache"], served["X-Page-Cache"]) == ("miss", "hit")
    assert 'hreflang="en" href="http://localhost/en/' in served.content.decode()
    assert b"6666" not in served.content


def test_a_second_site_gets_its_own_entries(client, home_page):
    root = Page.get_first_root_node()
    other_home = HomePageFactory(parent=root, title="Det andre nettstedet", slug="andre")
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=other_home)

    main = client.get("/", HTTP_HOST="localhost")
    other = client.get("/", HTTP_HOST="127.0.0.1")
    assert (main["X-Page-Cache"], other["X-Page-Cache"]) == ("miss", "miss")
    assert "Det andre nettstedet" in other.content.decode()
    assert "Det andre nettstedet" not in main.content.decode()

    again_main = client.get("/", HTTP_HOST="localhost:8000")
    again_other = client.get("/", HTTP_HOST="127.0.0.1:8000")
    assert (again_main["X-Page-Cache"], again_other["X-Page-Cache"]) == ("hit", "hit")
    assert again_main.content == main.content
    assert again_other.content == other.content


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("localhost", "default"),
        ("localhost:1", "default"),
        ("testserver", "default"),
        ("127.0.0.1", "other"),
        ("127.0.0.1:8000", "other-8000"),
        # Two sites of that name on other ports: Wagtail falls back to the default site.
        ("127.0.0.1:9", "default"),
    ],
)
def test_the_site_is_found_as_wagtail_finds_it(rf, home_page, host, expected):
    root = Page.get_first_root_node()
    other_home = HomePageFactory(parent=root, title="Andre", slug="andre")
    sites = {
        "default": Site.objects.get(is_default_site=True),
        "other": Site.objects.create(hostname="127.0.0.1", port=80, root_page=other_home),
        "other-8000": Site.objects.create(hostname="127.0.0.1", port=8000, root_page=other_home),
    }
    port = host.partition(":")[2] or "80"  # as a server on that port would see it

    def request():
        return rf.get("/", HTTP_HOST=host, SERVER_PORT=port)

    found = site_for_request(request(), list(Site.objects.select_related("root_page")))
    assert found == sites[expected] == Site.find_for_request(request())


def test_the_social_image_url_comes_from_the_site_record(client, home_page):
    from wagtail_factories import ImageFactory

    home_page.social_image = ImageFactory()
    home_page.save_revision().publish()
    html = client.get("/", HTTP_HOST="localhost:6666").content.decode()
    assert '<meta property="og:image" content="http://localhost/media/' in html
    assert "6666" not in html


@pytest.mark.parametrize(
    "host",
    [
        "localhost:",
        "localhost:abc",
        "localhost:99999999999999999999",
        "[::1]:80",
        "evil.example",
        "localhost:1:2",
        "LOCALHOST:1",
        "",
    ],
)
def test_odd_host_headers_never_give_a_server_error(client, home_page, host):
    client.get("/", HTTP_HOST="localhost")  # a cached copy is there to be served or not
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code in (200, 400), response.status_code
