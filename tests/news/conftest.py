import datetime

import pytest
from wagtail_factories import ImageFactory

from tests.factories import ProgramIndexPageFactory, ProgramPageFactory
from tests.news.factories import NewsArticlePageFactory, NewsIndexPageFactory


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def program(home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    return ProgramPageFactory(parent=index, title="Veiledning", slug="veiledning")


def articles(index, count, start=datetime.date(2026, 1, 1), image=False, prefix="Sak", **fields):
    """`count` live articles, one a day from `start` (the last is the newest)."""
    made = []
    for n in range(count):
        extra = {"image": ImageFactory(), "image_alt": f"Bilde {n}"} if image else {}
        made.append(
            NewsArticlePageFactory(
                parent=index,
                title=f"{prefix} {n}",
                slug=f"{prefix.lower()}-{n}",
                date=start + datetime.timedelta(days=n),
                **extra,
                **fields,
            )
        )
    return made
