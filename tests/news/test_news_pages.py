"""The news index and articles: order, pages, filters, alt text, translation, search kind."""

import datetime

from django.core.exceptions import ValidationError

import pytest
from wagtail_factories import ImageFactory

from news.models import NewsArticlePage, NewsIndexPage
from tests.news.conftest import articles
from tests.news.factories import NewsArticlePageFactory
from tests.published_translation import translate_and_publish

pytestmark = pytest.mark.django_db


def titles(response):
    return [article.title for article in response.context["articles"]]


def test_index_lists_the_newest_first(client, news_index):
    articles(news_index, 3)
    response = client.get(news_index.url)
    assert titles(response) == ["Sak 2", "Sak 1", "Sak 0"]
    html = response.content.decode()
    assert html.index("Sak 2") < html.index("Sak 0")
    assert '<time datetime="2026-01-03">' in html


def test_index_is_paginated_and_a_bad_page_number_shows_the_first(client, news_index):
    articles(news_index, NewsIndexPage.per_page + 2)
    assert len(titles(client.get(news_index.url))) == NewsIndexPage.per_page
    second = client.get(news_index.url, {"side": 2})
    assert titles(second) == ["Sak 1", "Sak 0"]
    assert 'rel="prev"' in second.content.decode()
    for bad in ("abc", "999", "-1", "1e9"):
        response = client.get(news_index.url, {"side": bad})
        assert response.status_code == 200
        assert len(titles(response)) == NewsIndexPage.per_page


def test_index_filters_by_topic_and_by_program(client, news_index, program):
    tagged, linked, plain = articles(news_index, 3)
    tagged.tags.add("Rammeplan")
    tagged.save_revision().publish()
    linked.programs.add(program)
    linked.save_revision().publish()
    assert titles(client.get(news_index.url, {"tema": "rammeplan"})) == ["Sak 0"]
    assert titles(client.get(news_index.url, {"program": "veiledning"})) == ["Sak 1"]
    # Unknown values narrow to nothing; they never fail.
    for params in ({"tema": "<script>"}, {"program": "finnes-ikke"}, {"tema": "x" * 500}):
        response = client.get(news_index.url, params)
        assert response.status_code == 200
        assert titles(response) == []


def test_drafts_and_other_languages_stay_out(client, news_index):
    live, draft = articles(news_index, 2)
    draft.unpublish()
    assert titles(client.get(news_index.url)) == ["Sak 0"]
    assert [a.title for a in NewsArticlePage.latest(news_index.locale, 5)] == ["Sak 0"]


def test_article_page_shows_date_lead_programs_and_topics(client, news_index, program):
    article = NewsArticlePageFactory(
        parent=news_index,
        title="Ny rammeplan",
        lead="Rammeplanen er her.",
        date=datetime.date(2026, 3, 5),
    )
    article.programs.add(program)
    article.tags.add("Rammeplan")
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "<h1>Ny rammeplan</h1>" in html
    assert '<time datetime="2026-03-05">' in html
    assert "Rammeplanen er her." in html
    assert f'href="{program.url}"' in html
    assert "?tema=rammeplan" in html


def test_an_image_needs_alt_text_unless_it_is_decorative(news_index):
    article = NewsArticlePageFactory.build(
        title="Sak", slug="sak", lead="Ingress", image=ImageFactory()
    )
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "image_alt" in error.value.message_dict
    assert "alternativ tekst" in error.value.message_dict["image_alt"][0]
    article.image_is_decorative = True
    article.clean()
    article.image_is_decorative, article.image_alt = False, "Elever spiller fiolin"
    article.clean()
    assert article.image_alt_text == "Elever spiller fiolin"
    article.image_is_decorative = True
    assert article.image_alt_text == ""


def test_news_pages_say_what_they_are_in_search():
    assert str(NewsArticlePage.search_kind) == "Nyhet"
    assert str(NewsIndexPage.search_kind) == "Nyhet"
    fields = {(f.field_name, type(f).__name__) for f in NewsArticlePage.search_fields}
    assert {("title", "SearchField"), ("lead", "SearchField"), ("body", "SearchField")} <= fields


def test_an_english_article_shows_its_programs_in_english(client, home_page, news_index, program):
    translate_and_publish(home_page)
    english_index = translate_and_publish(news_index, {"Nyheter": "News", "nyheter": "news"})
    translate_and_publish(program.get_parent().specific)
    english_program = translate_and_publish(program, {"Veiledning": "Guidance"})
    article = NewsArticlePageFactory(parent=news_index, title="Sak", slug="sak")
    article.programs.add(program)
    article.tags.add("Rammeplan")
    article.save_revision().publish()
    english = translate_and_publish(
        article, {"Sak": "Story", "sak": "story", "En kort ingress om saken.": "A short lead."}
    )
    assert english.get_parent().pk == english_index.pk
    english.refresh_from_db()
    english_program.refresh_from_db()
    html = client.get(english.url).content.decode()
    assert f'href="{english_program.url}"' in html
    assert f'href="{program.url}"' not in html
    # The English program page lists the English article, the Norwegian the Norwegian one.
    assert "Story" in client.get(english_program.url).content.decode()
    norwegian_program = client.get(program.url).content.decode()
    assert ">Sak<" in norwegian_program and "Story" not in norwegian_program


def test_an_article_describes_itself_by_its_lead_unless_the_editor_wrote_one(client, news_index):
    article = NewsArticlePageFactory(parent=news_index, title="Sak", lead="Kort om saken.")
    article.save_revision().publish()
    assert (
        '<meta name="description" content="Kort om saken.">'
        in client.get(article.url).content.decode()
    )
    article.search_description = "Skrevet av redaktøren."
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert '<meta name="description" content="Skrevet av redaktøren.">' in html
