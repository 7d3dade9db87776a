"""Page links in rich text at one lookup per request, however many paragraphs link.

Wagtail expands the links of each rich text value on its own, fetching the linked pages,
their specific rows and the active locale for every paragraph again. Only the URL is
needed, so the URLs are remembered for the rest of the request.
"""

import threading

from django.core.signals import request_finished, request_started
from django.utils.html import escape
from django.utils.translation import get_language

from wagtail.models import Locale, Page
from wagtail.rich_text.pages import PageLinkHandler

_request = threading.local()


def _start(**kwargs):
    _request.urls = {}


def _finish(**kwargs):
    _request.urls = None


request_started.connect(_start, dispatch_uid="rich_text_link_urls_start")
request_finished.connect(_finish, dispatch_uid="rich_text_link_urls_finish")


def _page_urls(page_ids):
    """URL of each page in the language being shown (its translation if live)."""
    language = get_language()
    pages = list(
        Page.objects.filter(id__in=page_ids).only(
            "id", "translation_key", "locale_id", "url_path", "path", "depth"
        )
    )
    locale = Locale.objects.filter(language_code=language).first()
    translations = {}
    if locale and any(page.locale_id != locale.pk for page in pages):
        translations = {
            page.translation_key: page
            for page in Page.objects.filter(
                translation_key__in=[page.translation_key for page in pages], locale=locale
            )
            .live()
            .only("id", "translation_key", "locale_id", "url_path", "path", "depth")
        }
    return {
        (str(page.pk), language): translations.get(page.translation_key, page).get_url()
        for page in pages
    }


class MemoisedPageLinkHandler(PageLinkHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        language = get_language()
        memo = getattr(_request, "urls", None)
        urls = {} if memo is None else memo
        missing = {str(attrs.get("id")) for attrs in attrs_list} - {
            page_id for page_id, lang in urls if lang == language
        }
        if missing:
            urls.update(_page_urls(missing))
        return [
            f'<a href="{escape(url)}">'
            if (url := urls.get((str(attrs.get("id")), language)))
            else "<a>"
            for attrs in attrs_list
        ]
