"""The steps in English, on a phone and on a desktop, and the draft's cookie kept to the form
(issue 16, items 1, 10 and 11): the English form speaks English at every step and in its
errors, axe finds nothing, nothing scrolls sideways at 390 px, and a started draft leaves
the other pages cached and cookie-free."""

import re

import pytest
from playwright.sync_api import expect

from .test_application_form import FORM_PATH, open_window, run_axe  # noqa: F401 (a fixture)
from .test_steps import fill_this_step, next_step

pytestmark = pytest.mark.browser

EN_FORM = "/en/programmes/guidance-for-kulturskole-development/application/"
DRAFT_COOKIE = "soknadsutkast"


def assert_no_sideways_scroll(page, what):
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"{what}: the page is {width} px wide at 390 px"


@pytest.mark.parametrize("device", ["page", "mobile_page"])
def test_the_english_steps_and_their_errors(request, device, open_window):  # noqa: F811
    page = request.getfixturevalue(device)
    page.goto(EN_FORM)
    assert page.evaluate("() => document.documentElement.lang") == "en"
    expect(page.locator(".step-progress__current")).to_have_text(re.compile(r"^Step 1 of 6"))
    expect(page).to_have_title(re.compile(r"^Step 1 of 6: "))
    run_axe(page, f"English step 1 ({device})")
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page).to_have_title(re.compile(r"^Error: Step 1 of 6"))
    expect(page.locator("#feiloppsummering")).to_be_focused()
    run_axe(page, f"English step 1 with errors ({device})")
    if device == "mobile_page":
        assert_no_sideways_scroll(page, "English step 1 with errors")


def test_a_draft_cookie_stays_on_the_form_and_other_pages_stay_cached(
    page,
    base_url,
    open_window,  # noqa: F811
):
    page.goto(FORM_PATH)
    fill_this_step(page)
    next_step(page)
    expect(page.locator(".step-progress__current")).to_have_text(re.compile(r"^Steg 2 av 6"))
    on_form = {c["name"] for c in page.context.cookies(base_url + FORM_PATH)}
    elsewhere = {c["name"] for c in page.context.cookies(base_url + "/")}
    assert DRAFT_COOKIE in on_form and DRAFT_COOKIE not in elsewhere
    # What the browser sends to another page with the draft open: served from the cache.
    page.request.get("/strategi/")
    assert page.request.get("/strategi/").headers.get("x-page-cache") == "hit"
