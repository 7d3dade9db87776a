"""Site-wide furniture: navigation, breadcrumbs, footer, meta tags, sitemap, robots, errors."""

from django.test import Client, override_settings
from django.urls import path

import pytest

from home.models import ContentPage, SiteSettings
from tests.text import visible_text


@pytest.fixture
def seeded(seeded_site, client):
    return client


def test_pages_are_in_norwegian_with_a_skip_link(seeded):
    html = seeded.get("/").content.decode()
    assert '<html lang="nb">' in html
    assert '<a class="skip-link" href="#main">Hopp til hovedinnholdet</a>' in html
    assert '<main id="main"' in html


def test_main_navigation_lists_the_pages_shown_in_menus(seeded):
    html = seeded.get("/program/").content.decode()
    nav = html.split('aria-label="Hovedmeny"')[1].split("</nav>")[0]
    assert ">Med kulturskolen inn i fremtiden</a>" in nav
    assert 'aria-current="page">Program</a>' in nav
    # Pages not shown in menus stay out of it.
    assert "Personvernerklæring" not in nav


def test_a_page_added_to_menus_appears_in_the_navigation(seeded, home_page):
    page = ContentPage(title="Om oss", slug="om-oss", show_in_menus=True)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    nav = seeded.get("/").content.decode().split('aria-label="Hovedmeny"')[1].split("</nav>")[0]
    assert ">Om oss</a>" in nav


def test_breadcrumbs_lead_back_to_the_home_page(seeded):
    html = seeded.get("/strategi/utviklingsarbeid/").content.decode()
    crumbs = html.split('aria-label="Brødsmulesti">')[1].split("</nav>")[0]
    assert visible_text(crumbs) == "Forside Med kulturskolen inn i fremtiden Utviklingsarbeid"
    assert 'href="/strategi/"' in crumbs
    assert 'aria-current="page"' in crumbs


def test_footer_comes_from_site_settings(seeded, seeded_site):
    site_settings = SiteSettings.for_site(seeded_site)
    site_settings.address = "Kulturskoleveien 1\n0001 Oslo"
    site_settings.phone = "+47 22 00 00 00"
    site_settings.social_links = [
        {"type": "link", "value": {"name": "Facebook", "url": "https://facebook.example/ksr"}}
    ]
    site_settings.save()
    footer = seeded.get("/").content.decode().split('<footer class="site-footer">')[1]
    text = visible_text(footer)
    assert "Kulturskoleveien 1 0001 Oslo" in text
    assert 'href="mailto:post@kulturskoleradet.no"' in footer
    assert 'href="tel:+4722000000"' in footer
    assert '<a href="https://facebook.example/ksr">Facebook</a>' in footer
    assert '<a href="/personvern/">Personvernerklæring</a>' in footer
    assert '<a href="/tilgjengelighetserklaering/">Tilgjengelighetserklæring</a>' in footer


def test_meta_description_and_open_graph_tags(seeded):
    html = seeded.get("/program/veiledning-for-kulturskoleutvikling/").content.decode()
    assert '<meta name="description" content="Et nasjonalt veiledningstilbud' in html
    assert '<meta property="og:title" content="Veiledning for kulturskoleutvikling">' in html
    assert '<meta property="og:description" content="Et nasjonalt veiledningstilbud' in html
    assert '<meta property="og:locale" content="nb_NO">' in html
    assert 'property="og:url" content="http://localhost/program/veiledning-for-' in html
    assert "<title>Veiledning for kulturskoleutvikling – Kulturskolerådet</title>" in html


def test_favicon(seeded):
    html = seeded.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    response = seeded.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


def test_sitemap_lists_every_published_page(seeded):
    response = seeded.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for url in [
        "/",
        "/strategi/",
        "/strategi/drift-og-organisasjon/",
        "/program/",
        "/program/veiledning-for-kulturskoleutvikling/",
        "/personvern/",
    ]:
        assert f"<loc>http://localhost{url}</loc>" in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(seeded):
    response = seeded.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_unknown_address_gives_a_norwegian_404(seeded):
    response = seeded.get("/finnes-ikke/")
    assert response.status_code == 404
    text = visible_text(response.content.decode())
    assert "Vi fant ikke siden" in text
    assert "Gå til forsiden" in text


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("feil/", broken_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_gives_a_norwegian_500_page(db):
    client = Client(raise_request_exception=False)
    response = client.get("/feil/")
    assert response.status_code == 500
    text = visible_text(response.content.decode())
    assert "Noe gikk galt hos oss" in text
    assert "boom" not in text


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/strategi/",
        "/strategi/interessepolitisk-arbeid/",
        "/program/",
        "/program/veiledning-for-kulturskoleutvikling/",
        "/personvern/",
        "/sok/?q=kulturskole",
    ],
)
def test_public_pages_stay_light(seeded, url):
    """HTML and CSS a visitor downloads, images aside, well under 100 KB."""
    html = seeded.get(url).content
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/site.css"), "rb").read()
    assert len(html) + len(css) < 100 * 1024
    assert b"<script" not in html  # the public pages need no JavaScript
