"""Django's RedisCache, made to survive a Redis outage.

Everything the site keeps in the cache can be rebuilt (cached pages, navigation, rate-limit
counters), so while Redis is unreachable each cache call answers as a miss instead of
failing the request: pages are rendered from the database, and the application rate limit
lets requests through. After a failure Redis is left alone for a few seconds, so requests
do not each wait for a connection timeout; /readyz reports the cache as unavailable.

Django builds a new `redis.Redis` client object for every cache call (each builds a dict of
some 170 reply callbacks); here one client per connection pool serves every call. A client
is safe to share between threads: each command takes a connection from the pool.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (ConnectionError, TimeoutError)


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # connection pool: its client

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self.retry_after = params.get("OUTAGE_RETRY_SECONDS", 5)
        self._down_until = 0.0

    def _call(self, method, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback()
        try:
            return getattr(super(), method)(*args, **kwargs)
        except OUTAGE_ERRORS as error:
            self._down_until = time.monotonic() + self.retry_after
            logger.warning(
                "Redis is unreachable (%s); serving without the cache for %s s.",
                error,
                self.retry_after,
            )
            return fallback()

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def incr(self, key, delta=1, version=None):
        def missing():  # as Django does for a key that is not there
            raise ValueError(f"Key '{key}' not found.")

        return self._call("incr", missing, key, delta, version)

    def clear(self):
        return self._call("clear", lambda: False)
