"""Routing a request from a language tree's root in one query instead of two per URL level.

Wagtail's Page.route asks the database for each level's child by its slug, then for that
child's specific page (issue 20: the form page paid six queries to be found). A page's
url_path is its ancestors' slugs joined, so every page the path can pass through is found
in one query by its url_path. The walk then does what Wagtail's would: a page class with a
route of its own (RoutablePageMixin pages: the form's sub-addresses, a program's .ics, the
news feeds) gets the remaining components when one of its routes matches them; the last
page must be live; each page keeps its parent as `_cached_parent_obj`, so get_parent()
asks nothing.
"""

from django.http import Http404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def routes_itself(page, remaining):
    """Whether the page (not a child) answers for the remaining components. Read from its
    class: a RoutablePageMixin page answers when it is live and one of its routes matches
    (else Wagtail goes on to its child, as the walk does); any other route of its own is
    always handed the rest."""
    page_class = page.specific_class
    if page_class is None or page_class.route is Page.route:
        return False
    if page_class.route is not RoutablePageMixin.route:
        return True
    if not page.live:
        return False
    try:
        page_class.get_resolver().resolve("/" + "/".join(remaining) + "/")
    except Http404:
        return False
    return True


class OneQueryRouteMixin:
    """For the root page of each language tree (HomePage)."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        url_paths = []
        url_path = self.url_path
        for component in path_components:
            url_path += f"{component}/"
            url_paths.append(url_path)
        found = {
            page.url_path: page
            for page in Page.objects.filter(
                url_path__in=url_paths, path__startswith=self.path, depth__gt=self.depth
            )
        }
        parent = self
        for index, url_path in enumerate(url_paths):
            page = found.get(url_path)
            # A page found by its url_path must also sit right under the one before it.
            if (
                page is None
                or page.depth != parent.depth + 1
                or not page.path.startswith(parent.path)
            ):
                raise Http404
            page._cached_parent_obj = parent
            remaining = path_components[index + 1 :]
            if not remaining or routes_itself(page, remaining):
                return page.specific.route(request, remaining)
            parent = page
        raise Http404  # not reached: the last component always returns above
