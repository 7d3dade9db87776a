"""RSS 2.0 and Atom feeds of a news index, in the index's language."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from website.dates import OSLO

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index
        self.language = index.locale.language_code  # the feed's language, not the request's

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.index

    def title(self, index):
        site_name = index.get_site().site_name or "Kulturskolerådet"
        return f"{index.title} – {site_name}"

    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return index.intro or index.search_description or index.title

    def feed_url(self, index):
        return self.request.build_absolute_uri()

    def items(self, index):
        return list(index.articles().defer_streamfields()[:FEED_LENGTH])

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lead

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_guid(self, article):
        # The address may change with the slug; the page id does not.
        return f"{article.get_full_url(self.request)}#{article.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        # The article's own date, at the time it was first published when that was the day.
        published = article.first_published_at
        if published and published.astimezone(OSLO).date() == article.date:
            return published
        return datetime.combine(article.date, time(12), tzinfo=OSLO)

    def item_updateddate(self, article):
        return article.last_published_at

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)


def feed_links(index):
    """<link rel="alternate"> attributes for the index's feeds."""
    return [
        {
            "type": "application/rss+xml",
            "href": index.url + index.reverse_subpage("rss"),
            "title": _("%(title)s (RSS)") % {"title": index.title},
        },
        {
            "type": "application/atom+xml",
            "href": index.url + index.reverse_subpage("atom"),
            "title": _("%(title)s (Atom)") % {"title": index.title},
        },
    ]
