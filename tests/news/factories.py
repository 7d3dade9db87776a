"""Factories for the news pages (tests/factories.py re-exports them)."""

import datetime

import factory
import wagtail_factories

from news.models import NewsArticlePage, NewsIndexPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Nyheter"
    slug = "nyheter"

    class Meta:
        model = NewsIndexPage


class NewsArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Nyhet {n}")
    date = datetime.date(2026, 11, 1)
    lead = "En kort ingress om saken."
    body = wagtail_factories.StreamFieldFactory({})

    class Meta:
        model = NewsArticlePage
