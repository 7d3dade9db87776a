"""Routing a request from a language tree's root without asking the database each time.

Wagtail's Page.route asks the database for each level's child by its slug, then for that
child's specific page, and `route_for_request` first asks for the active locale and the
root's specific page (issue 20: the form page paid eight queries to be found). Here:

- The tree under a root (each page's url_path, place, type and whether it is live) is read
  in one query per content generation. A page's url_path is its ancestors' slugs joined, so
  the pages a path passes through are found in it without the database.
- The walk does what Wagtail's would: a page class with a route of its own
  (RoutablePageMixin pages: the form's sub-addresses, a program's .ics, the news feeds) gets
  the remaining components when one of its routes matches them; the last page must be live.
- The page found, with its parent as `_cached_parent_obj` (so get_parent() asks nothing),
  is kept in this process's memory per generation, pickled, and each request gets its own
  copy (pages are changed while they are rendered). Only pages are kept, never addresses:
  made-up addresses cannot fill the memory.
- `localized` of a root answers from the generation's map of live translations.
- Privacy: Wagtail asks for the view restrictions of the page and its ancestors each time
  it serves one (two queries). Pages with `KeptViewRestrictionsMixin` know there are none
  when no page on the site has one (read once per generation); otherwise Wagtail asks.

Any change to pages (publish, unpublish, move, delete, a new draft page, privacy) starts a
new generation (website/page_cache_purge.py), so nothing here outlives what it was read from.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils.translation import get_language

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction

from website.cache_generation import for_generation, kept_copy


def routes_itself(page_class, live, remaining):
    """Whether the page (not a child) answers for the remaining components. Read from its
    class: a RoutablePageMixin page answers when it is live and one of its routes matches
    (else Wagtail goes on to its child, as the walk does); any other route of its own is
    always handed the rest."""
    if page_class is None or page_class.route is Page.route:
        return False
    if page_class.route is not RoutablePageMixin.route:
        return True
    if not live:
        return False
    try:
        page_class.get_resolver().resolve("/" + "/".join(remaining) + "/")
    except Http404:
        return False
    return True


def tree_under(root):
    """url_path → (pk, depth, path, content type id, live) of every page under `root`."""

    def compute():
        rows = Page.objects.filter(path__startswith=root.path, depth__gt=root.depth).values_list(
            "url_path", "pk", "depth", "path", "content_type_id", "live"
        )
        return {url_path: rest for url_path, *rest in rows}

    return for_generation(f"route-tree:{root.pk}", compute)


def kept_page(pk, parent_pk=None):
    """The specific page `pk` (with its specific parent cached), a copy of this process's."""

    def read():
        page = Page.objects.get(pk=pk).specific
        if parent_pk is not None:
            page._cached_parent_obj = Page.objects.get(pk=parent_pk).specific
        return page

    return kept_copy(f"route-page:{pk}:{parent_pk}", read)


def live_translations(root):
    """language code → pk of the root's live translations."""

    def compute():
        return dict(
            Page.objects.filter(translation_key=root.translation_key, live=True).values_list(
                "locale__language_code", "pk"
            )
        )

    return for_generation(f"route-translations:{root.translation_key}", compute)


class KeptRouteMixin:
    """For the root page of each language tree (HomePage)."""

    @property
    def localized(self):
        # Wagtail's: the live translation in the active language, else the page itself.
        try:
            language = get_supported_content_language_variant(get_language())
        except LookupError:
            return self
        pk = live_translations(self).get(language) if self.pk else None
        return self if pk is None or pk == self.pk else kept_page(pk)

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        tree = tree_under(self)
        parent_pk, parent_depth, parent_path = self.pk, self.depth, self.path
        url_path = self.url_path
        for index, component in enumerate(path_components):
            url_path += f"{component}/"
            found = tree.get(url_path)
            # A page found by its url_path must also sit right under the one before it.
            if found is None:
                raise Http404
            pk, depth, path, content_type_id, live = found
            if depth != parent_depth + 1 or not path.startswith(parent_path):
                raise Http404
            remaining = path_components[index + 1 :]
            page_class = ContentType.objects.get_for_id(content_type_id).model_class()
            if not remaining or routes_itself(page_class, live, remaining):
                return kept_page(pk, parent_pk).route(request, remaining)
            parent_pk, parent_depth, parent_path = pk, depth, path
        raise Http404  # not reached: the last component always returns above


def any_page_is_private():
    """Whether some page has a view restriction (Wagtail's «Personvern»)."""
    return for_generation("any-page-private", PageViewRestriction.objects.exists)


class KeptViewRestrictionsMixin:
    """For every page type: no queries for privacy while no page is private."""

    def get_view_restrictions(self):
        if not any_page_is_private():
            return PageViewRestriction.objects.none()
        # Some page is private: Wagtail's own check (ancestors, aliases' sources).
        return super().get_view_restrictions()
