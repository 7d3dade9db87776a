"""Reading the search page as a visitor would: each hit's title, kind, place and passage."""

from django.utils.text import slugify

from bs4 import BeautifulSoup

from home.models import ContentPage, HomePage


def search(client, query, language="nb", **params):
    path = "/sok/" if language == "nb" else f"/{language}/sok/"
    return client.get(path, {"q": query, **params})


def hits(response):
    """[{title, kind, place, passage, title_html, passage_html}] in the order shown."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    found = []
    for item in soup.select("ol.search-results > li.search-result"):
        passage = item.select_one(".search-result__passage")
        place = item.select_one(".search-result__place")
        if place and place.select_one(".visually-hidden"):
            place.select_one(".visually-hidden").extract()
        found.append(
            {
                "title": item.h3.get_text(" ", strip=True),
                "title_html": item.h3.a.decode_contents(),
                "kind": item.select_one(".ds-tag").get_text(strip=True),
                "place": place.get_text(strip=True) if place else "",
                "passage": passage.get_text(strip=True) if passage else "",
                "passage_html": passage.decode_contents() if passage else "",
            }
        )
    return found


def titles(response):
    return [hit["title"] for hit in hits(response)]


def home(language="nb"):
    return HomePage.objects.get(locale__language_code=language)


def publish_page(parent, title, intro="", **fields):
    """A content page under `parent`, published (and so in the search index)."""
    fields.setdefault("slug", slugify(title) or "side")
    page = ContentPage(title=title, intro=intro, locale_id=parent.locale_id, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
