"""`manage.py check --deploy`: what production must not run without.

- A cache shared by every gunicorn worker (CACHE_URL) when there is more than one.
- A public address on the default Wagtail Site (SITE_URL, `manage.py set_site_url`), not
  the localhost a fresh database has: receipts and links are built from it.

Messages in Norwegian, like everything operations staff read from the site.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import Error as DatabaseError

from .deployment import configured_workers, unshared_cache_problem
from .site_url import default_site, is_local, parse_site_url

PROCESS_LOCAL_CACHES = {"django.core.cache.backends.locmem.LocMemCache"}


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    workers = configured_workers()
    if settings.DEBUG or backend not in PROCESS_LOCAL_CACHES or workers <= 1:
        return []
    return [
        Error(
            unshared_cache_problem(workers),
            hint="Uten WEB_CONCURRENCY starter gunicorn.conf.py 2 × kjerner + 1 prosesser.",
            id="website.E001",
        )
    ]


@register(Tags.sites, deploy=True)
def check_site_url(app_configs, **kwargs):
    site_url = getattr(settings, "SITE_URL", "")
    if site_url:
        try:
            wanted = parse_site_url(site_url)
        except ValueError as error:
            return [Error(str(error), id="website.E002")]
        if is_local(wanted[0]):
            return [
                Error(
                    f"SITE_URL «{site_url}» er en lokal adresse; kvitteringer og lenker må "
                    "peke til den offentlige adressen.",
                    id="website.E002",
                )
            ]
    try:
        site = default_site()
    except DatabaseError:
        # No database to ask (not reachable yet, or not migrated): nothing to say about the
        # Site record. The check runs again at the deploy, once it is there.
        return []
    if site is None:
        return []
    if is_local(site.hostname):
        return [
            Error(
                f"Standardnettstedet har fortsatt adressen {site.hostname}:{site.port}: "
                "kvitteringer, kanoniske lenker og nettstedskartet ville peke dit.",
                hint="Sett SITE_URL (f.eks. https://kulturskoleradet.no) og kjør "
                "`manage.py set_site_url`, eller endre nettstedet under Innstillinger → "
                "Nettsteder.",
                id="website.E003",
            )
        ]
    if site_url and (site.hostname, site.port) != wanted:
        return [
            Warning(
                f"Standardnettstedet har adressen {site.hostname}:{site.port}, men SITE_URL "
                f"er «{site_url}».",
                hint="Kjør `manage.py set_site_url`.",
                id="website.W004",
            )
        ]
    return []
