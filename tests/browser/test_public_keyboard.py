"""The phone header with the keyboard and one tap (issue 19): at 390 x 844, Tab from the top
reaches the skip link, then the «Meny» summary; Enter opens the menu and Tab reaches its
first link; the search is one tap away without opening the menu."""

import pytest
from playwright.sync_api import expect

from .test_public_pages import SCREENS

pytestmark = pytest.mark.browser

MAX_TABS = 15  # from the skip link to «Meny»: the logo, the search, the language switcher

FOCUSED = """() => {
    const el = document.activeElement;
    return {
        tag: el.tagName.toLowerCase(),
        href: el.getAttribute('href') || '',
        text: (el.innerText || el.value || '').trim(),
        inMenu: !!el.closest('details.site-menu'),
    };
}"""


@pytest.fixture
def phone(browser, base_url):
    context = browser.new_context(base_url=base_url, locale="nb-NO", **SCREENS["390"])
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_the_phone_menu_opens_from_the_keyboard(phone):
    phone.goto("/")
    phone.keyboard.press("Tab")
    first = phone.evaluate(FOCUSED)
    assert first["href"] == "#main", f"The first Tab reaches {first}, not the skip link"

    for _ in range(MAX_TABS):
        phone.keyboard.press("Tab")
        if phone.evaluate(FOCUSED)["tag"] == "summary":
            break
    else:
        pytest.fail(f"«Meny» not reached in {MAX_TABS} Tabs from the skip link")
    summary = phone.locator("details.site-menu > summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_text("Meny")
    expect(summary).to_be_visible()

    menu = phone.locator("details.site-menu")
    expect(menu).not_to_have_attribute("open", "")
    phone.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    phone.keyboard.press("Tab")
    focused = phone.evaluate(FOCUSED)
    assert focused["tag"] == "a" and focused["inMenu"], f"Tab after «Meny» reaches {focused}"
    first_link = menu.locator("a").first
    expect(first_link).to_be_focused()
    expect(first_link).to_be_visible()


def test_search_is_one_tap_away_on_a_phone(phone):
    """A search field, or a link to the search page, shows outside the closed menu; a tap on
    the link lands on the search page with its search box."""
    phone.goto("/")
    header = phone.locator("header")
    field = header.locator("input[type=search]:not(details.site-menu *)")
    link = header.locator("a[href$='/sok/']:not(details.site-menu *)")
    if field.count() and field.first.is_visible():
        field.first.tap()
        expect(field.first).to_be_focused()
        return
    visible = [link.nth(i) for i in range(link.count()) if link.nth(i).is_visible()]
    assert visible, "Neither a search field nor a link to search shows on a phone"
    visible[0].tap()
    phone.wait_for_url("**/sok/")
    expect(phone.locator("main").get_by_role("searchbox")).to_be_visible()
