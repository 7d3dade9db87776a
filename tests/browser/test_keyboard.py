"""Keyboard use: the skip link, visible focus, and the main navigation."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAX_TABS = 30

ACTIVE_ELEMENT = """() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const nav = el.closest('nav');
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        text: el.innerText.trim(),
        href: el.getAttribute('href'),
        inMainNav: !!nav && nav.getAttribute('aria-label') === 'Hovedmeny',
        box: {x: box.x, y: box.y, width: box.width, height: box.height},
        viewport: {width: window.innerWidth, height: window.innerHeight},
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
    };
}"""


def focused(page):
    return page.evaluate(ACTIVE_ELEMENT)


def has_focus_indicator(info):
    outline = info["outlineStyle"] != "none" and info["outlineWidth"] > 0
    shadow = info["boxShadow"] not in ("", "none")
    return outline or shadow


# Layout positions are fractional; a box may end a fraction of a pixel past the edge.
SUBPIXEL = 1


def is_in_viewport(info):
    box, viewport = info["box"], info["viewport"]
    return (
        box["width"] > 0
        and box["height"] > 0
        and box["x"] >= -SUBPIXEL
        and box["y"] >= -SUBPIXEL
        and box["x"] + box["width"] <= viewport["width"] + SUBPIXEL
        and box["y"] + box["height"] <= viewport["height"] + SUBPIXEL
    )


def test_first_tab_reaches_a_visible_skip_link_that_moves_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    info = focused(page)
    assert info["text"] == "Hopp til hovedinnholdet", f"First Tab focused {info}"
    assert info["href"] == "#main"
    assert is_in_viewport(info), f"The focused skip link is not visible: {info}"
    assert has_focus_indicator(info), f"The skip link has no visible focus indicator: {info}"

    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.activeElement.id === 'main' || location.hash === '#main'"
    )
    assert focused(page)["id"] == "main" or page.evaluate("location.hash") == "#main"


def test_main_navigation_is_reachable_and_usable_by_keyboard(page):
    page.goto("/")
    nav_links = page.get_by_role("navigation", name="Hovedmeny").get_by_role("link")
    assert nav_links.count() > 0, "The main navigation has no links"

    reached = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        info = focused(page)
        if info["inMainNav"]:
            assert info["outlineStyle"] != "none" and info["outlineWidth"] > 0, (
                f"No visible focus outline on nav link: {info}"
            )
            assert is_in_viewport(info), f"Focused nav link not visible: {info}"
            reached.append(info["text"])
            if info["text"] == "Program":
                break
        elif reached:
            pytest.fail(f"Tab left the main navigation before «Program»; reached {reached}")
    assert "Program" in reached, f"Tab never reached «Program» in the main navigation: {reached}"

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/program/$"))
    program_link = page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Program", exact=True
    )
    expect(program_link).to_have_attribute("aria-current", "page")
