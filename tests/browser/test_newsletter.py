"""The newsletter's subscribe page in a browser: with its errors on a phone (axe clean, no
sideways scrolling, the errors by their fields), and signed up with the keyboard alone
without JavaScript."""

import pytest
from playwright.sync_api import expect

from .test_accessibility import AXE_OPTIONS, assert_no_sideways_scrolling, axe, format_violations

pytestmark = pytest.mark.browser

PATH = "/nyhetsvarsel/"


def test_the_errors_on_a_phone_are_accessible(mobile_page):
    page = mobile_page
    page.goto(PATH)
    page.get_by_role("button", name="Meld meg på").click()
    expect(page.get_by_role("heading", name="Rett opp dette før du sender:")).to_be_visible()
    expect(page.get_by_role("textbox", name="E-postadresse")).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.get_by_role("group", name="Hva vil du ha varsel om?")).to_contain_text(
        "Velg minst én ting du vil ha varsel om."
    )
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, format_violations(violations)
    assert_no_sideways_scrolling(page, "the subscribe page with errors")


def test_signing_up_with_the_keyboard_without_javascript(no_js_page):
    page = no_js_page
    page.goto(PATH)
    page.get_by_role("textbox", name="E-postadresse").focus()
    page.keyboard.type("nettleser@eksempel.no")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # «Nye nyheter»
    page.get_by_label("Jeg samtykker", exact=False).check()
    page.wait_for_timeout(2100)  # the form's minimum time (NEWSLETTER_MIN_SECONDS)
    page.get_by_role("button", name="Meld meg på").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")
