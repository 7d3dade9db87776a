"""The news feeds (RSS 2.0 and Atom, per language), read back as a feed reader would, and
the sitemap."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest

from tests.news.conftest import articles
from tests.news.factories import NewsArticlePageFactory
from tests.published_translation import translate_and_publish

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_rss_feed_lists_the_articles_with_links_dates_and_language(client, news_index):
    first, second = articles(news_index, 2, start=datetime.date(2026, 3, 1))
    second.tags.add("Rammeplan")
    second.save_revision().publish()
    response = client.get(news_index.url + "rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "nb"
    assert channel.findtext("link") == "http://localhost/nyheter/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Sak 1", "Sak 0"]
    assert items[0].findtext("link") == "http://localhost/nyheter/sak-1/"
    assert items[0].findtext("description") == second.lead
    assert parsedate_to_datetime(items[0].findtext("pubDate")).date() == datetime.date(2026, 3, 2)
    assert items[0].findtext("category") == "Rammeplan"


def test_atom_feed_in_english_for_the_english_index(client, home_page, news_index):
    (article,) = articles(news_index, 1, start=datetime.date(2026, 3, 1))
    translate_and_publish(home_page)
    translate_and_publish(news_index, {"Nyheter": "News", "nyheter": "news"})
    translate_and_publish(
        article, {"Sak 0": "Story", "sak-0": "story", article.lead: "A short lead."}
    )
    response = client.get("/en/news/atom/")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Story"]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://localhost/en/news/story/"
    published = datetime.datetime.fromisoformat(entries[0].findtext(f"{ATOM}published"))
    assert published.date() == datetime.date(2026, 3, 1)
    # The Norwegian feed keeps the Norwegian article only.
    rss = ET.fromstring(client.get("/nyheter/rss/").content)
    assert [item.findtext("title") for item in rss.iter("item")] == ["Sak 0"]


def test_feeds_are_announced_on_the_index_and_the_front_page(client, news_index):
    for url in (news_index.url, "/"):
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml" href="/nyheter/rss/"' in html, url
        assert '<link rel="alternate" type="application/atom+xml" href="/nyheter/atom/"' in html


def test_articles_are_in_the_sitemap(client, news_index):
    (article,) = articles(news_index, 1)
    draft = NewsArticlePageFactory(parent=news_index, title="Utkast", slug="utkast")
    draft.unpublish()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost/nyheter/sak-0/</loc>" in sitemap
    assert "<loc>http://localhost/nyheter/</loc>" in sitemap
    assert "utkast" not in sitemap
