"""News' sections on the front page and on program pages (registered in NewsConfig.ready)."""

from home import front_page
from home.page_data import for_content
from program import page_sections

from .models import NewsArticlePage, NewsIndexPage

LATEST_ON_FRONT_PAGE = 3
LATEST_ON_PROGRAM_PAGE = 3


def _latest_news(home_page):
    index = NewsIndexPage.objects.child_of(home_page).live().public().first()
    if index is None:
        return None
    articles = NewsArticlePage.latest(home_page.locale_id, LATEST_ON_FRONT_PAGE)
    # The feeds are announced on the front page even before the first article.
    return {"news_index": index, "articles": articles, "feed_links": index.feed_links}


def latest_news(home_page, request):
    # Content alone decides it (a scheduled article is published, which starts a new
    # content generation), so it is looked up once per generation.
    return for_content(request, home_page, "latest-news", lambda: _latest_news(home_page))


def program_news(program_page, request):
    articles = for_content(
        request,
        program_page,
        "program-news",
        lambda: NewsArticlePage.for_program(program_page, LATEST_ON_PROGRAM_PAGE),
    )
    if not articles:
        return None
    return {"articles": articles}


def register():
    front_page.register("latest_news", "news/includes/front_page_news.html", latest_news, order=30)
    page_sections.register(
        "program_news", "news/includes/program_news.html", program_news, order=50
    )
