"""Round trips to Redis per request, counted on the real Redis (tests/test_redis_cache.py):
one for a page from the cache, one for a page rendered while what every page looks up
(sites, menus, settings) is warm, and none for those lookups themselves."""

from django.core.cache import cache
from django.test import override_settings

import pytest
import redis

from tests.test_redis_cache import redis_cache  # noqa: F401 (a fixture)
from website.page_cache import (
    HIT_HEADER,
    current_generation,
    for_generation,
    new_generation,
    request_generation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_trips(redis_cache, monkeypatch):  # noqa: F811
    """Every command (or pipeline) sent to Redis, as the commands it carried."""
    sent = []
    real = redis.connection.AbstractConnection.send_packed_command

    def counting(connection, command, *args, **kwargs):
        sent.append(command)
        return real(connection, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)
    return sent


def test_a_page_from_the_cache_costs_one_round_trip(client, seeded_site, round_trips):
    first = client.get("/strategi/")
    assert first[HIT_HEADER] == "miss"
    round_trips.clear()
    again = client.get("/strategi/")
    assert again[HIT_HEADER] == "hit" and again.content == first.content
    assert len(round_trips) == 1


def test_a_page_rendered_with_lookups_warm_costs_one_round_trip_and_its_storing(
    client, seeded_site, round_trips
):
    client.get("/")  # the sites, and when pages change by the clock, for this generation
    with override_settings(PAGE_CACHE_SECONDS=0):  # as a page the cache never serves
        client.get("/strategi/")  # its menus and settings
        round_trips.clear()
        assert client.get("/strategi/").status_code == 200
        assert len(round_trips) == 1  # the generation, read once for the request
    round_trips.clear()
    assert client.get("/strategi/")[HIT_HEADER] == "miss"
    assert len(round_trips) == 2  # the generation with the page, then storing the page


def test_after_a_publish_the_next_visit_gets_the_new_page(client, seeded_site, round_trips):
    from home.models import StrategyPage

    assert client.get("/strategi/")[HIT_HEADER] == "miss"
    assert client.get("/strategi/")[HIT_HEADER] == "hit"
    page = StrategyPage.objects.get(url_path__endswith="/strategi/")
    page.title = "Ny strategi for kulturskolene"
    page.save_revision().publish()
    client.get("/")  # the sites are known for the new generation before the page is asked
    fresh = client.get("/strategi/")
    assert fresh[HIT_HEADER] == "miss"
    assert "Ny strategi for kulturskolene" in fresh.content.decode()
    round_trips.clear()
    assert client.get("/strategi/")[HIT_HEADER] == "hit"
    assert len(round_trips) == 1


def test_a_request_reads_the_generation_once_and_a_purge_in_it_replaces_it(round_trips):
    read = current_generation()
    with request_generation(read):
        round_trips.clear()
        assert current_generation() == read
        assert round_trips == []
        new_generation()  # an editor publishes within the request
        renewed = current_generation()
        assert renewed != read and renewed == cache.get("pagecache:generation")
    round_trips.clear()
    assert current_generation() == renewed  # outside a request: read each time
    assert len(round_trips) == 1


def test_lookups_for_the_generation_cost_no_round_trip_and_each_use_has_its_own_copy(
    round_trips,
):
    def compute():
        return {"menu": ["Hjem", "Strategi"]}

    with request_generation(current_generation()):
        first = for_generation("menu", compute)
        round_trips.clear()
        second = for_generation("menu", compute)
        assert round_trips == []
        assert second == first and second is not first
        second["menu"].append("Endret av én forespørsel")
        assert for_generation("menu", compute) == {"menu": ["Hjem", "Strategi"]}


def test_one_redis_client_serves_every_cache_call(redis_cache):  # noqa: F811
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    assert isinstance(client, redis.Redis)
