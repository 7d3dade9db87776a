"""Which Site a request is for, and its page's key in the cache, without the database.

Part of the page cache (website/page_cache.py, whose docstring has the rules).
"""

import hashlib
import pickle
from collections import namedtuple

from django.core.cache import cache
from django.db import DatabaseError

from .cache_generation import GENERATION_KEY, current_generation, generation_in_cache, kept_here


def cache_key(request, site_pk):
    """The Wagtail site and the path, never the raw Host header: made-up ports or host
    names cannot add entries or push real ones out. The pages themselves build absolute
    URLs from the Site record too (canonical, hreflang), so one copy fits every visitor.
    No generation: the entry says which one it was made in."""
    path = hashlib.sha256(request.path.encode()).hexdigest()
    return f"pagecache:page:site-{site_pk}:{request.scheme}:{path}"


def _port_number(port):
    try:
        return int(port)
    except (TypeError, ValueError):
        return None


# Every Site, with the generation it was read in, shared by the servers.
SITES_KEY = "pagecache:sites"
# What matching a request to a Site needs; the Site objects themselves are kept pickled.
SiteMatch = namedtuple("SiteMatch", "pk hostname port is_default_site")


class KnownSites:
    """The sites as read in `generation`, in this process's memory."""

    def __init__(self, generation, sites):
        self.generation = generation
        self.matches = [SiteMatch(s.pk, s.hostname, s.port, s.is_default_site) for s in sites]
        self.pickled = pickle.dumps(sites, pickle.HIGHEST_PROTOCOL)

    def site(self, pk):
        """A Site of this request's own (Wagtail and templates may change it)."""
        return next(site for site in pickle.loads(self.pickled) if site.pk == pk)


_known_sites = None


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
    """The generation, the request's Site and, for a page the cache may answer, its entry:
    one round trip in steady state.

    The Site is found among the sites in this process's memory (`KnownSites`); it is put
    in request._wagtail_site for Wagtail only when the page is rendered (`attach`), so a
    hit unpickles nothing but the page. A request that never asks for a Site (/healthz,
    the 503 page) stays without database work: when the sites are not known for the
    generation, Wagtail finds the Site itself, and `keep()` stores them for the next ones.
    """

    def __init__(self, request, use_cache):
        global _known_sites
        self.request = request
        known = _known_sites
        # The generation comes with the page, unless it lives outside the cache.
        keys = [GENERATION_KEY] if generation_in_cache() else []
        self.guessed_key = None
        if known is None:
            keys.append(SITES_KEY)
        elif use_cache and (guess := site_for_request(request, known.matches)):
            self.guessed_key = cache_key(request, guess.pk)
            keys.append(self.guessed_key)
        self.found = cache.get_many(keys)
        # A cold cache starts a generation.
        self.generation = self.found.get(GENERATION_KEY) or current_generation()
        if known is None or known.generation != self.generation:
            # Just after a content change (or in a new process): a second round trip.
            stored = self.found.get(SITES_KEY) if SITES_KEY in keys else cache.get(SITES_KEY)
            generation, sites = stored or (None, None)
            known = _known_sites = (
                KnownSites(generation, sites) if generation == self.generation else None
            )
        self.known = known
        match = site_for_request(request, known.matches) if known else None
        self.site_pk = match.pk if match else None

    def cached_entry(self):
        if self.site_pk is None:
            return None
        key = cache_key(self.request, self.site_pk)
        return self.found.get(key) if key == self.guessed_key else cache.get(key)

    def attach(self):
        """Before the view: the Site for Wagtail, and its root paths when known."""
        if self.site_pk is not None:
            self.request._wagtail_site = self.known.site(self.site_pk)
        root_paths = kept_here(self.generation).get("site-root-paths")
        if root_paths is not None:
            self.request._wagtail_cached_site_root_paths = root_paths

    def keep(self):
        """After the view: the Site Wagtail used (or None); what Wagtail looked up is kept
        for the next requests, unless content changed meanwhile."""
        global _known_sites
        site = self.request.__dict__.get("_wagtail_site")
        if current_generation() != self.generation:
            return site
        if self.known is None and site is not None:
            try:
                sites = _load_sites()
            except DatabaseError:
                return site  # the next request tries again
            cache.set(SITES_KEY, (self.generation, sites), timeout=24 * 3600)
            _known_sites = KnownSites(self.generation, sites)
        # Wagtail's Site.get_site_root_paths(), from its own cache key: the generation
        # changes whenever Wagtail clears that key (a Site or a site's root page changes).
        root_paths = self.request.__dict__.get("_wagtail_cached_site_root_paths")
        if root_paths is not None:
            kept_here(self.generation).setdefault("site-root-paths", tuple(root_paths))
        return site
