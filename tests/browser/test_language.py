"""Switching language with the switcher, then checking the English pages as a reader would."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_accessibility import AXE_OPTIONS, format_violations

pytestmark = pytest.mark.browser


def test_switching_language_keeps_the_reader_on_the_same_page(page):
    page.goto("/program/veiledning-for-kulturskoleutvikling/")
    assert page.evaluate("() => document.documentElement.lang") == "nb"

    switcher = page.get_by_role("navigation", name="Språk")
    switcher.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/programmes/guidance-for-kulturskole-development/")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Guidance for kulturskole development"
    )
    assert page.get_by_text("13 April 2026 at 23:59").first.is_visible()
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, format_violations(violations)

    # And back, by keyboard.
    back = page.get_by_role("navigation", name="Language").get_by_role("link", name="Norsk bokmål")
    back.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/program/veiledning-for-kulturskoleutvikling/")
    assert page.evaluate("() => document.documentElement.lang") == "nb"
