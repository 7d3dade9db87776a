"""Whole published pages from Django's cache for anonymous visitors.

A hit costs a cache lookup or two and no database work, which is what lets the site
stay fast when every municipality opens the program page in the days before a deadline.

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
- Purging: every cached page carries the cache «generation»; any content change
  (publish, unpublish, move, delete, site settings, images, documents, locales)
  starts a new generation, so menus, listings and breadcrumbs on other pages never
  lag behind. A small site makes «everything» the right unit (page_cache_purge.py).
- Time: some pages change by the clock alone (an application window opens or closes,
  a gathering ends). A page type says when with a classmethod
  `next_content_change(now)` (see `next_content_change` below); an entry never
  outlives the soonest such moment, so a cached program page cannot say «open» one
  second after the deadline. The cache knows no page type by name.
- A CDN in front (wagtail.contrib.frontend_cache, configured by settings) gets the
  same lifetime in `s-maxage` and is purged on the same changes.
"""

import hashlib
import logging
import math
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
HIT_HEADER = "X-Page-Cache"
# The health checks never wait for the cache: /healthz must answer even when Redis does not,
# and /readyz checks the cache itself.
HEALTH_CHECK_PATHS = frozenset({"/healthz", "/readyz"})


def cache_seconds():
    return settings.PAGE_CACHE_SECONDS


def current_generation():
    # The fast path (not mutation tested: without it the add and get below find the same).
    generation = cache.get(GENERATION_KEY)  # pragma: no mutate
    if generation is None:
        # A cold or flushed cache starts a generation of its own.
        generation = uuid.uuid4().hex
        cache.add(GENERATION_KEY, generation, timeout=None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


def new_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


MISSING = object()


def for_generation(name, compute, generation=None):
    """`compute()`, kept in the cache until content next changes.

    For lookups every page repeats (the site, its settings, menus): a new generation
    makes them fresh. `name` must say everything the value depends on.
    """
    key = f"generation:{generation or current_generation()}:{name}"
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(key, value, timeout=24 * 3600)
    return value


def _port_number(port):
    try:
        return int(port)
    except (TypeError, ValueError):
        return None


# Every Site, with the generation it was read in: fetched together with the generation in
# one round trip, so a page from the cache still costs two (this, then the page).
SITES_KEY = "pagecache:sites"


def _load_sites():
    from wagtail.models import Site

    return list(Site.objects.select_related("root_page"))


def site_for_request(request, sites):
    """The Site Wagtail picks for this request, found among `sites` without the database.

    Matched as Wagtail's own `get_site_for_hostname` does: hostname and port, then the
    hostname of the default site, then the default site (a single hostname match on another
    port wins over a default site of another name). None for a host outside ALLOWED_HOSTS
    or one no Site answers.
    """
    from django.core.exceptions import DisallowedHost
    from django.http.request import split_domain_port

    try:
        request.get_host()  # ALLOWED_HOSTS
    except DisallowedHost:
        return None
    hostname = split_domain_port(request._get_raw_host())[0]
    port = _port_number(request.get_port())

    def rank(site):  # Wagtail's MATCH_HOSTNAME_PORT, _HOSTNAME_DEFAULT, _DEFAULT, _HOSTNAME
        if site.hostname == hostname:
            return 0 if site.port == port else 1 if site.is_default_site else 3
        return 2

    candidates = sorted(
        (site for site in sites if site.hostname == hostname or site.is_default_site), key=rank
    )
    if not candidates:
        return None
    if len(candidates) == 1 or rank(candidates[0]) in (0, 1):
        return candidates[0]
    return candidates[len(candidates) == 2]


class RequestSite:
    """The request's Site, for Wagtail (which keeps it in request._wagtail_site) and for the
    page cache's key, from every Site kept in the cache for the content generation (a change
    to a Site starts a new one). One entry for all sites, whatever Host header a visitor
    makes up.

    Nothing is looked up here: a request that never asks for a Site (/healthz, the 503
    page) stays without database work. When the sites are not in the cache yet, Wagtail
    finds the Site itself, and `keep()` stores the sites for the next requests.
    """

    def __init__(self, request):
        self.request = request
        found = cache.get_many([GENERATION_KEY, SITES_KEY])
        self.generation = found.get(GENERATION_KEY) or current_generation()
        generation, sites = found.get(SITES_KEY) or (None, None)
        self.sites = sites if generation == self.generation else None
        self.site = None
        if self.sites is not None:
            self.site = site_for_request(request, self.sites)
            if self.site is not None:
                request._wagtail_site = self.site

    def keep(self):
        """After the view: the Site Wagtail used (or None), the sites cached if need be."""
        site = self.request.__dict__.get("_wagtail_site")
        if self.sites is None and site is not None:
            try:
                cache.set(SITES_KEY, (self.generation, _load_sites()), timeout=24 * 3600)
            except DatabaseError:
                pass  # the next request tries again
        return site


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
    """The next moment a page may change by the clock alone, remembered per generation."""
    key = f"pagecache:until:{generation}"
    until = cache.get(key)
    if until is None or until <= now:
        until = next_content_change(now)
        # The timeout only lets the entry go when it is of no use (not mutation tested).
        cache.set(key, until, timeout=math.ceil((until - now).total_seconds()))  # pragma: no mutate
    return until


def _cache_key(request, site, generation):
    """The Wagtail site and the path, never the raw Host header: made-up ports or host
    names cannot add entries or push real ones out. The pages themselves build absolute
    URLs from the Site record too (canonical, hreflang), so one copy fits every visitor."""
    path = hashlib.sha256(request.path.encode()).hexdigest()
    return f"pagecache:{generation}:site-{site.pk}:{request.scheme}:{path}"


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
        site = RequestSite(request)
        generation = site.generation
        if not _may_use_cache(request):
            response = self.get_response(request)
            site.keep()
            self._keep_out_of_shared_caches(request, response)
            return response

        now = timezone.now()
        if site.site is not None:
            entry = cache.get(_cache_key(request, site.site, generation))
            if entry is not None and entry["expires_at"] > now:
                response = entry["response"]
                response[HIT_HEADER] = "hit"
                self._set_shared_max_age(response, entry["expires_at"], timezone.now())
                return response

        response = self.get_response(request)
        served_site = site.keep()
        if request.method == "GET" and served_site and _may_store(request, response):
            # Measured from the request's start: the page was rendered with that «now».
            expires_at = min(
                now + timedelta(seconds=cache_seconds()),
                content_valid_until(now, generation),
            )
            timeout = math.ceil((expires_at - now).total_seconds())
            if timeout > 0:
                response[HIT_HEADER] = "miss"
                key = _cache_key(request, served_site, generation)
                cache.set(key, {"expires_at": expires_at, "response": response}, timeout)
                self._set_shared_max_age(response, expires_at, now)
        return response

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
