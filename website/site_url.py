"""The public address of the site (SITE_URL) on Wagtail's default Site record.

Receipts, canonical and hreflang links, the sitemap and the calendar feed build absolute URLs
from the Site record, which a fresh database has at localhost:80. `manage.py set_site_url`
(a deploy step, docs/operations.md) writes SITE_URL there; `check --deploy` refuses a site
that is still local (website/checks.py).
"""

from urllib.parse import urlsplit

DEFAULT_PORTS = {"https": 443, "http": 80}
LOCAL_HOSTNAMES = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def is_local(hostname):
    hostname = hostname.strip("[]").lower()
    return hostname in LOCAL_HOSTNAMES or hostname.endswith(".localhost")


def parse_site_url(url):
    """(hostname, port) of an http(s) URL such as https://kulturskoleradet.no.

    https means port 443 and http port 80 unless the URL gives one. Raises ValueError with
    the reason in Norwegian.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise ValueError(f"SITE_URL «{url}» er ikke en gyldig adresse.") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(
            f"SITE_URL «{url}» må være en full adresse med https:// eller http://, "
            "f.eks. https://kulturskoleradet.no."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(
            f"SITE_URL «{url}» kan bare ha vertsnavn og port, ikke sti, spørring eller "
            "brukernavn: nettstedet ligger alltid på roten."
        )
    return parts.hostname, port or DEFAULT_PORTS[parts.scheme]


def default_site():
    from wagtail.models import Site

    return Site.objects.filter(is_default_site=True).first()


def apply_site_url(url):
    """Give the default Site the host name and port of `url`; returns the Site."""
    from wagtail.models import Site

    hostname, port = parse_site_url(url)
    site = default_site()
    if site is None:
        raise ValueError("Det finnes ikke noe standardnettsted. Kjør manage.py migrate først.")
    if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        raise ValueError(
            f"Et annet nettsted har allerede {hostname}:{port}. Endre det under "
            "Innstillinger → Nettsteder først."
        )
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()  # purges the page cache (website/page_cache.py), as any Site change does
    return site
