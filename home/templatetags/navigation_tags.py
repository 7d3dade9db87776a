"""Header, menu, breadcrumbs and language links: the same few lookups on every page.

Every page shows them, so what they need (locales, the site's home pages, menu items,
restricted sections, a page's translations) is looked up once per request, shared between
the tags, and kept in the cache for the current content generation: any change to
content starts a new generation (website/page_cache.py), so these are never stale. A page
rendered without the page cache therefore costs only its own queries and Wagtail's
routing.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.models import Locale, Page, PageViewRestriction, Site

from home import page_data
from home.page_data import is_preview
from website.page_cache import current_generation, for_generation

register = template.Library()


def _per_request(request, name, compute, shared=False):
    """`compute()` once per request (or every time when there is no request).

    With `shared`, the value is also kept in the cache for the content generation, so
    other requests reuse it until content changes. `name` must then say everything the
    value depends on.
    """
    if request is None:
        return compute()
    memo = request.__dict__.setdefault("_navigation", {})
    if name not in memo:
        if shared:
            if "generation" not in memo:
                memo["generation"] = current_generation()
            memo[name] = for_generation(f"navigation:{name}", compute, memo["generation"])
        else:
            memo[name] = compute()
    return memo[name]


def _locales(request):
    return _per_request(request, "locales", lambda: list(Locale.objects.all()), shared=True)


def _restricted_paths(request):
    """Paths of sections behind a login or password: they stay out of menus and links."""
    return _per_request(
        request,
        "restricted",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
        shared=True,
    )


def _public(request, pages):
    restricted = _restricted_paths(request)
    return [page for page in pages if not any(page.path.startswith(p) for p in restricted)]


def _site(request):
    return _per_request(
        request, "site", lambda: Site.find_for_request(request) if request else None
    )


def _homes(request):
    """The site's home page in each language, by locale id."""

    def compute():
        site = _site(request)
        if not site:
            return {}
        return {
            p.locale_id: p
            for p in Page.objects.filter(
                translation_key=Page.objects.filter(pk=site.root_page_id).values("translation_key")[
                    :1
                ]
            ).live()
        }

    site = _site(request)
    return _per_request(request, f"homes:{getattr(site, 'pk', None)}", compute, shared=True)


def _active_locale(request):
    language = get_language()
    return next((loc for loc in _locales(request) if loc.language_code == language), None)


@register.simple_tag(takes_context=True)
def get_site_root(context):
    """The home page in the language being shown (the site's root is the Norwegian one)."""
    request = context.get("request")
    homes = _homes(request)
    locale = _active_locale(request)
    site = _site(request)
    if locale and locale.pk in homes:
        return homes[locale.pk]
    return site.root_page if site else None


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context, current_page=None):
    request = context.get("request")
    root = get_site_root(context)
    items = []
    if root:
        items = _per_request(
            request,
            f"menu:{root.pk}",
            lambda: _public(request, root.get_children().live().in_menu()),
            shared=True,
        )
    current_path = getattr(current_page, "path", "")
    return {
        "items": [
            {
                "page": item,
                "is_current": item.path == current_path,
                "in_section": current_path.startswith(item.path) and item.path != current_path,
            }
            for item in items
        ],
        "request": context.get("request"),
    }


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    request = context.get("request")
    ancestors = []
    if page is not None and page.depth > 2:
        ancestors = _per_request(
            request,
            f"ancestors:{page.pk}",
            lambda: _public(request, Page.objects.ancestor_of(page).filter(depth__gte=2).live()),
            shared=True,
        )
    return {"ancestors": ancestors, "page": page, "request": request}


def _page_in_locales(context, page):
    """Each configured locale with the URL of this page in it, or of that locale's home page."""
    request = context.get("request")
    page_pk = getattr(page, "pk", None)
    site = _site(request)
    return _per_request(
        request,
        f"in_locales:{getattr(site, 'pk', None)}:{page_pk}:{get_language()}",
        lambda: _links_to_locales(request, page),
        # Without a page the links are made from this request's own address.
        shared=page_pk is not None,
    )


def _links_to_locales(request, page):
    translations = {}
    if page is not None and getattr(page, "pk", None):
        translations = {
            p.locale_id: p for p in _public(request, page.get_translations(inclusive=True).live())
        }
    homes = _homes(request)
    links = []
    for locale in _locales(request):
        target = translations.get(locale.pk)
        if target is None and page is None and request is not None:
            # Not a Wagtail page (search, error pages): the same URL in the other language.
            url = translate_url(request.get_full_path(), locale.language_code)
        elif target is None:
            url = homes[locale.pk].get_url(request) if locale.pk in homes else None
        else:
            url = target.get_url(request)
        if url:
            links.append(
                {
                    "code": locale.language_code,
                    "name": locale.get_display_name(),
                    "url": url,
                    "is_translation": target is not None,
                    "is_current": locale.language_code == get_language(),
                }
            )
    return links


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context, page=None):
    return {"links": _page_in_locales(context, page)}


@register.inclusion_tag("components/alternate_links.html", takes_context=True)
def alternate_links(context, page=None):
    """hreflang links to the page's translations (only real translations, not fallbacks)."""
    request = context.get("request")
    site = _site(request)
    if site:
        # From the Site record, as the canonical link, not from the Host header: the page
        # cache keeps one copy per site whatever host and port a visitor sent.
        def absolute(url):
            return url if "://" in url else site.root_url + url
    else:
        absolute = request.build_absolute_uri if request else str
    links = [
        {**link, "absolute_url": absolute(link["url"])}
        for link in _page_in_locales(context, page)
        if link["is_translation"] or page is None
    ]
    default = next((link for link in links if link["code"] == settings.LANGUAGE_CODE), None)
    return {"links": links, "default": default}


@register.simple_tag(takes_context=True)
def footer_pages(context, *pages):
    """The given pages (from site settings) in the language being shown, in one query."""
    request = context.get("request")
    wanted = [page for page in pages if page]
    locale = _active_locale(request)
    if not wanted or locale is None:
        return wanted
    keys = [page.translation_key for page in wanted]

    def compute():
        found = {
            p.translation_key: p
            for p in Page.objects.filter(translation_key__in=keys, locale=locale).live()
        }
        return [found.get(page.translation_key, page) for page in wanted]

    ids = ",".join(str(page.pk) for page in wanted)
    return _per_request(request, f"footer:{locale.pk}:{ids}", compute, shared=True)


OPEN_GRAPH_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "se": "se_NO", "en": "en_GB"}


@register.filter
def og_locale(language_code):
    return OPEN_GRAPH_LOCALES.get(language_code, language_code)


class NavigationFragmentNode(template.Node):
    def __init__(self, nodelist, name, per_page):
        self.nodelist, self.name, self.per_page = nodelist, name, per_page

    def render(self, context):
        request = context.get("request")
        page = context.get("page")
        page_pk = getattr(page, "pk", None)
        site = _site(request) if request is not None else None
        if site is None or is_preview(request) or (self.per_page and page_pk is None):
            # A preview shows a draft; a page-less view (search, errors) varies by its address.
            return self.nodelist.render(context)
        page_key = page_pk if self.per_page else ""
        # Per process, as page_data: markup of the old templates never outlives a deploy.
        name = f"fragment:{page_data.PROCESS}:{self.name}:{site.pk}:{page_key}:{get_language()}"
        return mark_safe(
            _per_request(request, name, lambda: str(self.nodelist.render(context)), shared=True)
        )


@register.tag
def navigation_fragment(parser, token):
    """`{% navigation_fragment "name" [per_page] %}…{% endnavigation_fragment %}`: markup
    that only the site, the language and content decide (with `per_page`, also the page
    shown: the current menu item, its translations), rendered once per content generation.

    Only for what the page's own request cannot change: no CSRF token, no query string,
    no form values.
    """
    bits = token.split_contents()
    if len(bits) not in (2, 3) or bits[1][0] not in "\"'" or bits[2:] not in ([], ["per_page"]):
        raise template.TemplateSyntaxError(
            '{% navigation_fragment "name" [per_page] %} takes a quoted name and per_page'
        )
    nodelist = parser.parse(("endnavigation_fragment",))
    parser.delete_first_token()
    return NavigationFragmentNode(nodelist, bits[1][1:-1], per_page=len(bits) == 3)
