"""Designsystemet: vendored with its version and licence, linked from every page, themed,
and the header built on it: a «Meny» disclosure and search one tap away, pages still light."""

import gzip
import pathlib
import re

from django.conf import settings
from django.contrib.staticfiles import finders

import pytest

from tests.conftest import oslo

VENDOR = pathlib.Path(settings.BASE_DIR) / "home" / "static" / "vendor" / "designsystemet"
PROGRAM = "/program/veiledning-for-kulturskoleutvikling/"
FORM = PROGRAM + "soknad/"


@pytest.fixture
def seeded(seeded_site, client):
    return client


def stylesheets(html):
    return re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)


def test_the_vendored_package_names_its_version_and_licence():
    css = (VENDOR / "designsystemet.css").read_text(encoding="utf-8")
    assert css.startswith("/* @digdir/designsystemet-css 1.22.0 (MIT")
    assert "@digdir/designsystemet-css 1.22.0" in (VENDOR / "VERSION").read_text()
    licence = (VENDOR / "LICENSE").read_text()
    assert "Digdir" in licence and "Permission is hereby granted, free of charge" in licence
    assert "make designsystemet" in (VENDOR / "README.md").read_text()
    # The theme's source and its tokens, as Designsystemet's CLI made them.
    assert "#6b1d5c" in (VENDOR / "designsystemet.config.json").read_text()
    assert (VENDOR / "design-tokens" / "themes" / "kulturskoleradet.json").exists()


def test_the_bundle_holds_the_theme_and_only_the_components_in_use():
    css = (VENDOR / "designsystemet.css").read_text(encoding="utf-8")
    assert "--ds-color-accent-base-default: #6b1d5c;" in css  # Kulturskolerådet's plum
    for used in [".ds-button", ".ds-link", ".ds-card", ".ds-breadcrumbs", ".ds-alert", ".ds-table"]:
        assert used in css, used
    for unused in [".ds-dialog", ".ds-tabs", ".ds-chip", ".ds-combobox", ".ds-popover"]:
        assert unused not in css, unused
    assert len(gzip.compress(css.encode())) < 25 * 1024


def test_every_token_the_components_read_is_defined_by_the_theme():
    """The theme comes from another version of the tooling than the components: a token
    the components read and the theme lacks would silently fall back to nothing."""
    css = (VENDOR / "designsystemet.css").read_text(encoding="utf-8")
    read = set(re.findall(r"var\(\s*(--ds-[\w-]+)", css))
    defined = set(re.findall(r"(--ds-[\w-]+)\s*:", css))
    assert read - defined == set()


def test_pages_link_designsystemet_before_the_sites_own_css(seeded):
    html = seeded.get("/").content.decode()
    assert stylesheets(html)[:2] == [
        "/static/vendor/designsystemet/designsystemet.css",
        "/static/css/site.css",
    ]


def test_a_page_adds_its_own_css_after_the_sites(seeded, clock):
    clock(oslo(2026, 4, 1, 12))
    html = seeded.get(FORM).content.decode()
    assert stylesheets(html)[-1] == "/static/forms/css/steps.css"
    assert html.index("forms/css/steps.css") < html.index("</head>")


def test_the_header_has_a_menu_disclosure_and_search_one_tap_away(seeded):
    html = seeded.get(PROGRAM).content.decode()
    header = html.split('<header class="site-header">')[1].split("</header>")[0]
    menu = re.search(
        r'<details class="site-menu">\s*<summary class="site-menu__toggle">(.*?)</summary>'
        r"(.*?)</details>",
        header,
        re.S,
    )
    assert menu, "no <details> menu in the header"
    assert re.search(r"<span>Meny</span>", menu.group(1))
    assert 'aria-label="Hovedmeny"' in menu.group(2) and ">Program</a>" in menu.group(2)
    assert 'class="language-switcher"' in menu.group(2)
    # The search link is in the header's row, outside the closed menu.
    outside = header.replace(menu.group(0), "")
    assert re.search(r'<a class="site-header__search-link" href="/sok/">', outside)
    assert "<span>Søk</span>" in outside


def test_the_search_page_has_one_search_box(seeded):
    html = seeded.get("/sok/?q=kulturskole").content.decode()
    assert html.count('type="search"') == 1
    assert "site-header__search-link" not in html


def test_breadcrumbs_use_designsystemet_and_stay_left_aligned(seeded):
    html = seeded.get("/strategi/utviklingsarbeid/").content.decode()
    assert '<nav class="breadcrumbs ds-breadcrumbs container" aria-label="Brødsmulesti">' in html
    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    # body is a flex column: without a width the container shrinks to its text and centres.
    assert re.search(r"\.container \{ width: 100%;", css)
    assert re.search(
        r"\.breadcrumbs li:not\(:nth-last-child\(-n \+ 2\)\) \{ display: none; \}", css
    )


def test_the_gathering_table_labels_its_cells_for_the_stacked_list(seeded):
    html = seeded.get(PROGRAM).content.decode()
    table = html.split('class="gatherings-table"')[1].split("</table>")[0]
    for label in ["Dato", "Tid", "Samling", "For", "Form og sted"]:
        assert f'<td data-label="{label}">' in table


def test_phone_rules_hyphenate_headings_and_wrap_long_words():
    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    headings = re.search(r"h1, h2, h3, h4 \{([^}]*)\}", css).group(1)
    assert "hyphens: auto" in headings and "overflow-wrap: anywhere" in headings
    assert "grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr))" in css


def page_weight(client, url):
    """HTML and every linked stylesheet, as gzip sends them (brotli is smaller still)."""
    html = client.get(url).content
    total = len(gzip.compress(html))
    for href in stylesheets(html.decode()):
        path = finders.find(href.removeprefix(settings.STATIC_URL))
        assert path, href
        total += len(gzip.compress(pathlib.Path(path).read_bytes()))
    return total, html


@pytest.mark.parametrize("url", ["/", "/strategi/", PROGRAM, FORM, "/sok/?q=kulturskole"])
def test_pages_stay_under_100_kb_without_images_and_need_no_javascript(seeded, clock, url):
    clock(oslo(2026, 4, 1, 12))  # the form is open: its page has every field
    total, html = page_weight(seeded, url)
    assert total < 100 * 1024, f"{url}: {total} bytes"
    # Only the form has a script, deferred and optional (it moves focus to an error summary).
    scripts = re.findall(rb"<script[^>]*>", html)
    assert all(b" defer" in script for script in scripts) and (url == FORM or not scripts)
