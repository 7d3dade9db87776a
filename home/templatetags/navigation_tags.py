from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from wagtail.models import Locale, Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def get_site_root(context):
    """The root page of the current site (the home page)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    # The home page in the language being shown (the site's root is the Norwegian one).
    return site.root_page.localized if site else None


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context, current_page=None):
    root = get_site_root(context)
    items = []
    if root:
        items = list(root.get_children().live().public().in_menu())
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
    ancestors = []
    if page is not None and page.depth > 2:
        ancestors = list(Page.objects.ancestor_of(page).filter(depth__gte=2).live().public())
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


def _page_in_locales(context, page):
    """Each configured locale with the URL of this page in it, or of that locale's home page."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    translations = {}
    if page is not None and getattr(page, "pk", None):
        translations = {
            p.locale_id: p for p in page.get_translations(inclusive=True).live().public()
        }
    homes = {}
    if site:
        homes = {p.locale_id: p for p in site.root_page.get_translations(inclusive=True).live()}
    links = []
    for locale in Locale.objects.all():
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
    links = [link for link in _page_in_locales(context, page)
             if link["is_translation"] or page is None]
    for link in links:
        link["absolute_url"] = request.build_absolute_uri(link["url"]) if request else link["url"]
    default = next((link for link in links if link["code"] == settings.LANGUAGE_CODE), None)
    return {"links": links, "default": default}


OPEN_GRAPH_LOCALES = {"nb": "nb_NO", "nn": "nn_NO", "se": "se_NO", "en": "en_GB"}


@register.filter
def og_locale(language_code):
    return OPEN_GRAPH_LOCALES.get(language_code, language_code)
