"""The footer's organisation details from site settings, and what the seed gives news."""

from django.conf.urls.i18n import i18n_patterns
from django.core.cache import cache
from django.test.utils import override_settings
from django.urls import include, path, reverse

from wagtail import urls as wagtail_urls
from wagtail.models import Page, Site

import pytest

from home import views as home_views
from home.models import SiteSettings
from news.models import NewsArticlePage, NewsIndexPage
from website.cache_generation import new_generation

pytestmark = pytest.mark.django_db

# A site without the newsletter app's URLs: the footer leaves its link out.
urlpatterns = i18n_patterns(
    path("sok/", home_views.search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)


def footer(client, url="/"):
    html = client.get(url).content.decode()
    return html[html.index('<footer class="site-footer"') : html.index("</footer>")]


def test_footer_shows_what_site_settings_hold(client, home_page):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.address = "Postboks 1\n0101 Oslo"
    settings.organisation_number = "123 456 789"
    settings.phone = "22 00 00 00"
    settings.email = "post@example.no"
    settings.social_links = [
        {"type": "link", "value": {"name": "Facebook", "url": "https://facebook.example/ks"}}
    ]
    settings.save()
    html = footer(client)
    assert "<address>Postboks 1<br>0101 Oslo</address>" in html
    assert "Org.nr.: 123 456 789" in html
    assert 'href="tel:22000000"' in html
    assert 'href="mailto:post@example.no"' in html
    assert 'href="https://facebook.example/ks">Facebook</a>' in html


def test_footer_leaves_out_empty_fields(client, home_page):
    html = footer(client)
    assert "Org.nr." not in html and "<address>" not in html and "tel:" not in html


def test_footer_links_the_newsletter_when_the_app_is_there(client, home_page):
    assert f'href="{reverse("newsletter_subscribe")}">Nyhetsvarsel på e-post</a>' in footer(client)
    with override_settings(ROOT_URLCONF=__name__, PAGE_CACHE_SECONDS=0):
        # Another URLconf is another deployment: its processes start with nothing kept (the
        # footer is kept per process and content generation).
        cache.clear()
        new_generation()
        assert "Nyhetsvarsel" not in footer(client)


def test_seed_has_an_empty_news_index_in_both_languages(seeded_site, client):
    index = Page.objects.get(url_path="/home/nyheter/").specific
    assert isinstance(index, NewsIndexPage) and index.live and index.title == "Nyheter"
    english = index.get_translation(index.get_translations().get().locale)
    assert english.title == "News" and english.url == "/en/news/" and english.live
    assert not NewsArticlePage.objects.exists()  # no invented news
    assert client.get("/nyheter/").status_code == 200
    assert client.get("/en/news/rss/").status_code == 200


def test_seed_invents_no_organisation_details(seeded_site):
    settings = SiteSettings.for_site(seeded_site)
    assert settings.organisation_number == "" and settings.address == "" and settings.phone == ""
