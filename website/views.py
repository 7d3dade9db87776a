"""Views that belong to the deployment rather than to the site's content."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """«The process is up», for load balancers and as the benchmark's baseline.

    No database, session, template or translation: it must answer even when the
    database is down, and it measures the cost of the server and middleware alone.
    """
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


logger = logging.getLogger(__name__)


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_answers():
    # A key of its own per check: several servers may check the same Redis at once.
    key, value = f"readyz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, timeout=10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


@never_cache
@require_GET
def readyz(request):
    """«Ready to serve»: the database and the cache answer. For the load balancer's health
    check, which takes a server out of rotation while this says 503 (/healthz stays the
    cheap liveness check that never touches them). Says which part failed, never why:
    the reason goes to the log.
    """
    lines, ready = [], True
    for name, check in (("database", _database_answers), ("cache", _cache_answers)):
        try:
            ok = check()
        except Exception:
            logger.exception("readyz: %s check failed", name)
            ok = False
        ready &= ok
        lines.append(f"{name}: {'ok' if ok else 'unavailable'}")
    return HttpResponse(
        "\n".join(lines) + "\n",
        status=200 if ready else 503,
        content_type="text/plain; charset=utf-8",
    )


def favicon(request):
    # Resolved per request: the hashed name needs the static manifest, which does not
    # exist yet when `migrate` or `collectstatic` first import the URLs.
    return HttpResponsePermanentRedirect(static("favicon.svg"))
