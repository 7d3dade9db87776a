"""Whole published pages from Django's cache for anonymous visitors.

A hit costs one cache round trip and no database work, which is what lets the site stay
fast when every municipality opens the program page in the days before a deadline.

- Only GET/HEAD of a Wagtail page served by `wagtail.views.serve`, without a query
  string and without a session cookie, is stored or served. Editors (who have a
  session), previews and search never touch it. A preview is Wagtail's made-up request
  for the page's public URL (`is_dummy`), sent through this middleware too: it is
  never answered from the cache (the editor would see the published page, not the
  draft) and never stored, whether or not it carries the editor's cookie.
- The key is the Wagtail site the request resolves to and the path, not the Host
  header: made-up ports or host names cannot fill the cache or evict real pages. The
  pages build absolute URLs from the Site record, so one copy fits every visitor.
- A response that uses the CSRF token (forms), sets a cookie, is not 200 or says
  `private`/`no-store` is never stored; page types can opt out with
  `serve_from_cache = False` (the application form page: its receipt and status pages
  are personal).
- Purging: every cached page carries the cache «generation» it was made in; any
  content change (publish, unpublish, move, delete, a page's privacy, site settings,
  images, documents, locales) starts a new generation (website/cache_generation.py), and a page from
  another generation is a miss, so menus, listings and breadcrumbs on other pages never
  lag behind. A small site makes «everything» the right unit (page_cache_purge.py). A
  page rendered while its own request purged is not stored.
- One round trip: the generation and the page are fetched together (the key holds no
  generation). Which Site a request is for is found among the sites kept in this
  process's memory, read in the last generation seen; only when the generation just
  read is another one are the sites read again (the shared cache, else Wagtail finds
  the Site and they are stored after the view) and the page looked up again.
- Time: some pages change by the clock alone (an application window opens or closes,
  a gathering ends). A page type says when with a classmethod
  `next_content_change(now)` (see `next_content_change` below); an entry never
  outlives the soonest such moment, so a cached program page cannot say «open» one
  second after the deadline. The cache knows no page type by name.
- A CDN in front (wagtail.contrib.frontend_cache, configured by settings) gets the
  same lifetime in `s-maxage` and is purged on the same changes.
"""

import logging
import math
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from .cache_generation import (  # noqa: F401 (the generation API, as other modules import it)
    GENERATION_KEY,
    current_generation,
    for_generation,
    kept_here,
    new_generation,
    request_generation,
)
from .page_cache_site import RequestSite, cache_key, site_for_request  # noqa: F401

logger = logging.getLogger(__name__)

HIT_HEADER = "X-Page-Cache"
# The health checks never wait for the cache: /healthz must answer even when Redis does not,
# and /readyz checks the cache itself.
HEALTH_CHECK_PATHS = frozenset({"/healthz", "/readyz"})


def cache_seconds():
    return settings.PAGE_CACHE_SECONDS


# With no page type changing by the clock, how long «until» is remembered. Entries still
# live at most PAGE_CACHE_SECONDS.
NO_CLOCK_CHANGE = timedelta(days=1)


def clock_page_models():
    """The page types whose pages change by the clock: those with `next_content_change`."""
    from wagtail.models import get_page_models

    return [model for model in get_page_models() if hasattr(model, "next_content_change")]


def next_content_change(now):
    """The soonest moment after `now` at which some page may show something else by the
    clock alone.

    The protocol: a page type declares
        @classmethod
        def next_content_change(cls, now): ...
    returning the next such moment after `now` for any of its pages (or for pages listing
    them), or None when there is none. A new page type with a deadline gets correct
    expiry by implementing it; nothing here changes.
    """
    moments = [model.next_content_change(now) for model in clock_page_models()]
    return min(
        (moment for moment in moments if moment and moment > now), default=now + NO_CLOCK_CHANGE
    )


def content_valid_until(now, generation):
    """The next moment a page may change by the clock alone, remembered per generation
    (here, then in the shared cache)."""
    kept = kept_here(generation)
    until = kept.get("content-valid-until")
    if until is None or until <= now:
        key = f"pagecache:until:{generation}"
        until = cache.get(key)
        if until is None or until <= now:
            until = next_content_change(now)
            # The timeout only lets the entry go when it is of no use (not mutation tested).
            timeout = math.ceil((until - now).total_seconds())  # pragma: no mutate
            cache.set(key, until, timeout=timeout)
        kept["content-valid-until"] = until
    return until


def _may_use_cache(request):
    return (
        cache_seconds() > 0
        and not getattr(request, "is_dummy", False)
        and request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _may_store(request, response):
    return (
        getattr(request, "page_cache_allowed", False)
        and not getattr(request, "is_preview", False)
        and response.status_code == 200
        and not response.cookies
        and not response.streaming
        # The page holds a CSRF token (a form): it belongs to one visitor.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not {"private", "no-store", "no-cache"} & _cache_control(response)
    )


def _cache_control(response):
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}


class PageCacheMiddleware:
    """Sits right after SecurityMiddleware so a hit skips sessions, auth and the router."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in HEALTH_CHECK_PATHS:
            return self.get_response(request)
        use_cache = _may_use_cache(request)
        site = RequestSite(request, use_cache)
        with request_generation(site.generation):
            if not use_cache:
                site.attach()
                response = self.get_response(request)
                site.keep()
                self._keep_out_of_shared_caches(request, response)
                return response
            now = timezone.now()
            entry = site.cached_entry()
            if entry is not None and entry[0] == site.generation and entry[1] > now:
                return self._hit(entry)
            site.attach()
            response = self.get_response(request)
            served_site = site.keep()
            if (
                request.method == "GET"
                and served_site
                and current_generation() == site.generation
                and _may_store(request, response)
            ):
                self._store(request, response, served_site, site.generation, now)
        return response

    def _hit(self, entry):
        _, expires_at, status, headers, body = entry
        response = HttpResponse(body, status=status)
        for name, value in headers:
            response[name] = value
        response[HIT_HEADER] = "hit"
        self._set_shared_max_age(response, expires_at, timezone.now())
        return response

    def _store(self, request, response, site, generation, now):
        # Measured from the request's start: the page was rendered with that «now».
        expires_at = min(
            now + timedelta(seconds=cache_seconds()), content_valid_until(now, generation)
        )
        timeout = math.ceil((expires_at - now).total_seconds())
        if timeout > 0:
            response[HIT_HEADER] = "miss"
            # Plain values: cheaper to pickle and rebuild than the response object.
            headers = list(response.items())
            entry = (generation, expires_at, response.status_code, headers, response.content)
            cache.set(cache_key(request, site.pk), entry, timeout)
            self._set_shared_max_age(response, expires_at, now)

    @staticmethod
    def _set_shared_max_age(response, expires_at, now):
        """Let a CDN keep the page as long as we do; browsers always ask again."""
        if settings.WAGTAILFRONTENDCACHE:
            seconds = max(0, math.floor((expires_at - now).total_seconds()))
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)

    @staticmethod
    def _keep_out_of_shared_caches(request, response):
        """A page as a signed-in editor sees it (user bar, drafts) must not reach a CDN."""
        user = getattr(request, "user", None)
        if getattr(request, "page_cache_allowed", False) and user and user.is_authenticated:
            patch_cache_control(response, private=True)


def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    """before_serve_page hook: this response comes from a published page's own view."""
    request.page_cache_allowed = getattr(page, "serve_from_cache", True)
