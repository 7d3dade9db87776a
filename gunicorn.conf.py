"""gunicorn settings for production; gunicorn reads this file from the working directory.

Start: `gunicorn website.wsgi` (docs/operations.md). Each value can be set from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Sync workers: requests are short and the database does the waiting. Two per core plus
# one is gunicorn's own rule of thumb; scale out with more servers rather than threads.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# An upload of five 10 MB attachments on a slow line still fits; a stuck worker is
# restarted after this long.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 5
# Load Django once in the master and fork the workers from it: less memory, and a worker
# that is recycled starts in milliseconds instead of importing Django again.
preload_app = True
# Recycle workers now and then, so a slow leak never grows into an outage. Not too often:
# a page from the page cache costs well under a millisecond, so at 2 000 requests a worker
# spent as much time restarting as serving (measured with `make bench`).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The proxy in front sets X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Logs to standard output/error for the platform to collect; ACCESS_LOG="" turns the
# access log off (the benchmark does, so it measures the site rather than the log).
accesslog = os.environ.get("ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Refuse oversized request lines/headers early (Django limits the body).
limit_request_line = 8190
limit_request_fields = 100


def on_starting(server):
    """Production with several workers needs the shared cache (CACHE_URL): without it each
    worker keeps its own, so pages stay stale after a publish and the rate limit is split.
    Checked here, with the worker count in force (command-line options included)."""
    from website.deployment import refuse_unshared_cache

    if problem := refuse_unshared_cache(server.cfg.workers):
        raise SystemExit(f"gunicorn starter ikke: {problem}")


def pre_fork(server, worker):
    """The application is loaded once in the master (preload_app). Freezing what it loaded
    keeps those objects out of every worker's garbage collections: without it, each full
    collection walks all of Wagtail's and Django's module-level objects, hundreds of ms on a
    busy worker, and copy-on-write memory is dirtied by the collector's bookkeeping."""
    import gc

    gc.freeze()
