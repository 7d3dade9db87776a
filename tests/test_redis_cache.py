"""The shared cache production uses (CACHE_URL): Django's RedisCache against the Redis on
127.0.0.1:6379. Skipped only where no Redis runs; `.ci/run` sets CI, and there it fails."""

import os
import socket
import uuid

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.test import override_settings

import pytest
import redis

from forms.models import ApplicationSubmission
from tests.conftest import oslo
from tests.forms_helpers import build_form, post_application, valid_answers
from website.page_cache import GENERATION_KEY, HIT_HEADER
from website.settings.base import redis_cache_setting

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, away from anything else


@pytest.fixture
def redis_cache():
    """The site on a Redis cache under a key prefix of its own, removed afterwards."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError as error:
        message = f"no Redis on 127.0.0.1:6379 ({error})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: .ci/run tests against a real Redis")
        pytest.skip(message)
    prefix = f"ksr-test-{uuid.uuid4().hex[:12]}"
    config = redis_cache_setting(REDIS_URL, prefix)  # as production builds it from CACHE_URL
    server = redis.Redis.from_url(REDIS_URL)
    with override_settings(CACHES={"default": config}):
        yield server, prefix, config
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)
    server.close()


def keys_in_redis(server, prefix):
    return {key.decode().split(":", 2)[2] for key in server.scan_iter(f"{prefix}:*")}


def test_the_cache_api_works_on_redis(redis_cache):
    server, prefix, _ = redis_cache
    assert isinstance(cache._cache, RedisCacheClient)
    cache.set("hilsen", {"tekst": "Hei", "tall": 3}, timeout=60)
    assert cache.get("hilsen") == {"tekst": "Hei", "tall": 3}
    assert cache.add("teller", 1) and not cache.add("teller", 5)
    assert cache.incr("teller") == 2
    assert {"hilsen", "teller"} <= keys_in_redis(server, prefix)
    assert 0 < server.ttl(f"{prefix}:1:hilsen") <= 60
    cache.delete("hilsen")
    assert cache.get("hilsen") is None


def test_pages_are_cached_in_redis_and_a_purge_from_another_server_reaches_them(
    client, home_page, redis_cache, django_assert_num_queries
):
    server, prefix, config = redis_cache
    first = client.get("/")
    assert first[HIT_HEADER] == "miss"
    assert any(key.startswith("pagecache:") for key in keys_in_redis(server, prefix))
    with django_assert_num_queries(0):  # answered from Redis
        second = client.get("/")
    assert second[HIT_HEADER] == "hit" and second.content == first.content

    # Another server (its own client and connections) starts a new generation, as it does
    # when an editor publishes there: this one stops serving the old page at once.
    other_server = RedisCache(config["LOCATION"], {"KEY_PREFIX": prefix})  # Django's own
    other_server.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    assert client.get("/")[HIT_HEADER] == "miss"
    assert client.get("/")[HIT_HEADER] == "hit"

    # A publish here, likewise, for every server.
    home_page.title = "Velkommen til Kulturskolerådet"
    home_page.save_revision().publish()
    assert other_server.get(GENERATION_KEY) == cache.get(GENERATION_KEY)
    again = client.get("/")
    assert again[HIT_HEADER] == "miss"
    assert "Velkommen til Kulturskolerådet" in again.content.decode()


@override_settings(APPLICATION_RATE_LIMIT=(2, 600))
def test_the_rate_limit_is_counted_in_the_shared_cache(client, home_page, clock, redis_cache):
    server, prefix, _ = redis_cache
    clock(oslo(2026, 4, 1, 12, 0))
    _, page, keys = build_form(home_page)
    for municipality in ["0301", "4601"]:
        answers = valid_answers(keys, municipality=municipality)
        assert post_application(client, page, answers).status_code == 302
    assert "application-rate:127.0.0.1" in keys_in_redis(server, prefix)
    refused = post_application(client, page, valid_answers(keys, municipality="1103"))
    assert refused.status_code == 429
    assert ApplicationSubmission.objects.count() == 2


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def test_the_site_runs_on_while_redis_is_down(client, home_page, clock, caplog):
    clock(oslo(2026, 4, 1, 12, 0))
    _, page, keys = build_form(home_page)
    unreachable = redis_cache_setting(f"redis://127.0.0.1:{closed_port()}/0", "ksr-down")
    with override_settings(CACHES={"default": unreachable}):
        # Pages are rendered from the database instead of failing.
        for _ in range(2):
            response = client.get("/")
            assert response.status_code == 200
            assert response[HIT_HEADER] == "miss"
        # Applications are still accepted (the rate limit cannot count, so it lets them in).
        assert post_application(client, page, valid_answers(keys)).status_code == 302
        assert ApplicationSubmission.objects.count() == 1
        # The load balancer hears about it.
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert ready.content.decode() == "database: ok\ncache: unavailable\n"
    # Said once, not once per cache call: after a failure Redis is left alone a while.
    warnings = [r for r in caplog.records if r.name == "website.cache"]
    assert len(warnings) == 1 and "Redis is unreachable" in warnings[0].getMessage()


def test_after_an_outage_the_cache_is_used_again(redis_cache, monkeypatch):
    server, prefix, config = redis_cache
    from website.cache import ResilientRedisCache

    resilient = ResilientRedisCache(config["LOCATION"], {**config, "OUTAGE_RETRY_SECONDS": 5})
    now = [1000.0]
    monkeypatch.setattr("website.cache.time.monotonic", lambda: now[0])
    # Redis "goes away": the client's connections fail.
    real_get = RedisCache.get

    def refused(*args, **kwargs):
        raise redis.exceptions.ConnectionError("Connection refused")

    monkeypatch.setattr(RedisCache, "get", refused)
    assert resilient.get("hilsen", "standard") == "standard"
    monkeypatch.setattr(RedisCache, "get", real_get)  # and comes back
    resilient.set("hilsen", "hei")  # within the retry window: not tried
    assert keys_in_redis(server, prefix) == set()
    now[0] += 6
    resilient.set("hilsen", "hei")
    assert resilient.get("hilsen") == "hei"


def test_the_health_check_does_not_wait_for_redis(client, monkeypatch):
    unreachable = redis_cache_setting(f"redis://127.0.0.1:{closed_port()}/0", "ksr-down")
    with override_settings(CACHES={"default": unreachable}):

        def no_cache(*args, **kwargs):
            raise AssertionError("/healthz asked the cache")

        monkeypatch.setattr(RedisCache, "get", no_cache)
        assert client.get("/healthz").status_code == 200
