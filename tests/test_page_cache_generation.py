"""The generation a request reads, and what the page cache does when the request itself
changes content (website/cache_generation.py)."""

from django.core.cache import cache

from wagtail import hooks

import pytest

from website.page_cache import HIT_HEADER, cache_key, current_generation, new_generation

pytestmark = pytest.mark.django_db


def test_a_page_whose_own_request_purged_is_not_stored(client, rf, home_page):
    purged = []

    def publish_while_serving(page, request, serve_args, serve_kwargs):
        if not purged:
            purged.append(current_generation())
            new_generation()  # as an editor's publish would, within this request

    with hooks.register_temporarily("before_serve_page", publish_while_serving):
        assert client.get("/").status_code == 200
    # Nothing stored for the old generation over what the new one may have stored.
    assert cache.get(cache_key(rf.get("/"), home_page.get_site().pk)) is None
    assert client.get("/")[HIT_HEADER] == "miss"
    assert client.get("/")[HIT_HEADER] == "hit"


def test_outside_a_request_the_generation_is_read_from_the_cache_each_time(
    generation_in_the_cache,
):
    read = current_generation()
    cache.set("pagecache:generation", "another-server", timeout=None)
    assert current_generation() == "another-server" != read
