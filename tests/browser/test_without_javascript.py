"""The site works with JavaScript turned off: pages render and the search form submits."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_program_page_works_without_javascript(no_js_page):
    page = no_js_page
    response = page.goto("/program/veiledning-for-kulturskoleutvikling/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Veiledning for kulturskoleutvikling")
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_visible()


def test_header_search_submits_with_the_keyboard_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/program/")
    search_field = page.get_by_role("searchbox", name="Søk på nettstedet")
    search_field.focus()
    page.keyboard.type("kulturskole")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/sok/\?q=kulturskole$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Søk")
    results = page.locator("ol.search-results > li")
    expect(results.first).to_be_visible()
    assert results.count() > 0
    expect(page.locator(".search-summary")).to_contain_text("treff for «kulturskole»")
