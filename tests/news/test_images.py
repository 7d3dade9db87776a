"""Pictures done well: modern formats with a fallback, width and height, lazy below the
fold and eager for the lead image, alt text or an empty alt for a decorative image, and
link previews from the page's own image."""

import re

from django.test.utils import override_settings

import pytest
from wagtail_factories import ImageFactory

from tests.factories import ProgramIndexPageFactory, ProgramPageFactory
from tests.news.factories import NewsArticlePageFactory

pytestmark = pytest.mark.django_db


def pictures(html):
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def img_of(picture):
    return re.search(r"<img [^>]*>", picture).group(0)


def assert_modern_picture(picture):
    assert 'type="image/avif"' in picture
    assert 'type="image/webp"' in picture
    img = img_of(picture)
    assert re.search(r'src="[^"]+\.jpg"', img)  # the fallback
    assert re.search(r' width="\d+"', img) and re.search(r' height="\d+"', img)
    assert "sizes=" in img and "srcset=" in img


@pytest.fixture
def article(news_index):
    return NewsArticlePageFactory(
        parent=news_index,
        title="Konsert",
        slug="konsert",
        image=ImageFactory(),
        image_alt="Elever spiller fiolin på scenen",
    )


def test_article_lead_image_is_eager_with_alt_text(client, article):
    (picture,) = pictures(client.get(article.url).content.decode())
    assert_modern_picture(picture)
    img = img_of(picture)
    assert 'alt="Elever spiller fiolin på scenen"' in img
    assert 'loading="eager"' in img and 'fetchpriority="high"' in img


def test_cards_load_lazily_with_alt_text(client, article, news_index):
    (picture,) = pictures(client.get(news_index.url).content.decode())
    assert_modern_picture(picture)
    img = img_of(picture)
    assert 'loading="lazy"' in img
    assert 'alt="Elever spiller fiolin på scenen"' in img


def test_a_decorative_image_has_an_empty_alt(client, article, news_index):
    article.image_is_decorative = True
    article.save_revision().publish()
    for url in (article.url, news_index.url):
        (picture,) = pictures(client.get(url).content.decode())
        assert 'alt=""' in img_of(picture), url


def test_link_previews_use_the_main_image_unless_a_social_image_is_set(client, article):
    html = client.get(article.url).content.decode()
    assert re.search(r'<meta property="og:image" content="http://localhost/media/[^"]+">', html)
    assert '<meta property="og:image:alt" content="Elever spiller fiolin på scenen">' in html
    social = ImageFactory(title="Deling")
    article.social_image = social
    article.save_revision().publish()
    with override_settings(PAGE_CACHE_SECONDS=0):
        html = client.get(article.url).content.decode()
    assert '<meta property="og:image:alt" content="Deling">' in html


def test_program_page_and_front_page_show_their_images(client, home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    program = ProgramPageFactory(
        parent=index, slug="veiledning", image=ImageFactory(), image_alt="Veiledere i samtale"
    )
    (picture,) = pictures(client.get(program.url).content.decode())
    assert_modern_picture(picture)
    assert 'alt="Veiledere i samtale"' in img_of(picture)
    home_page.image, home_page.image_is_decorative = ImageFactory(), True
    home_page.save_revision().publish()
    with override_settings(PAGE_CACHE_SECONDS=0):
        (picture,) = pictures(client.get("/").content.decode())
    assert_modern_picture(picture)
    assert 'alt=""' in img_of(picture)


def test_pages_without_images_have_no_picture(client, news_index):
    article = NewsArticlePageFactory(parent=news_index, slug="uten-bilde")
    html = client.get(article.url).content.decode()
    assert pictures(html) == []
    assert "og:image" not in html
