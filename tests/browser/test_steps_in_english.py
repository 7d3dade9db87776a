"""The steps in English, on a phone and on a desktop, and the draft's cookie kept to the form
(issue 16, items 1, 10 and 11): the English form speaks English at every step, in its
errors, on the saved-draft page, the summary and the confirmation; axe finds nothing there,
nothing scrolls sideways at 390 px, and a started draft leaves the other pages cached and
cookie-free."""

import re

import pytest
from playwright.sync_api import expect

from .test_application_form import (  # noqa: F401 (open_window: a fixture)
    FORM_PATH,
    PDF,
    open_window,
    run_axe,
)
from .test_steps import STEPS, fill_this_step, next_step

pytestmark = pytest.mark.browser

EN_FORM = "/en/programmes/guidance-for-kulturskole-development/application/"
DRAFT_COOKIE = "soknadsutkast"
# The answers of a step as the browser holds them, by the controls' names (the same in both
# languages); the honeypot is left alone, as a person leaves it.
STEP_ANSWERS = """() => Array.from(document.querySelectorAll("main form [name]"))
    .filter(e => !["hidden", "submit", "file"].includes(e.type) && e.tagName !== "BUTTON")
    .filter(e => e.name !== "nettsted")
    .map(e => ({name: e.name, type: e.type, value: e.value, checked: e.checked}))"""


def assert_no_sideways_scroll(page, what):
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"{what}: the page is {width} px wide at 390 px"


def norwegian_answers(page):
    """What a person answers on each step, read from the Norwegian form after filling it."""
    page.goto(FORM_PATH)
    answers = []
    for number in range(1, STEPS + 1):
        fill_this_step(page)
        answers.append(page.evaluate(STEP_ANSWERS))
        if number < STEPS:
            next_step(page)
    return answers


def answer(page, step_answers):
    for control in step_answers:
        selector = f'main form [name="{control["name"]}"]'
        if control["type"] in ("checkbox", "radio"):
            boxes = page.locator(selector)
            if boxes.count() > 1:  # a group: the box with this value
                boxes = page.locator(f'{selector}[value="{control["value"]}"]')
            if control["checked"]:
                boxes.check()
        elif control["type"] == "select-one":
            page.locator(selector).select_option(control["value"])
        else:
            page.locator(selector).fill(control["value"])
    if page.locator("main form input[type=file]").count():
        page.locator("main form input[type=file]").set_input_files(PDF)


def check(page, device, what):
    run_axe(page, f"English: {what} ({device})")
    if device == "mobile_page":
        assert_no_sideways_scroll(page, what)


@pytest.mark.parametrize("device", ["page", "mobile_page"])
def test_an_english_application_saved_resumed_and_sent(request, device, open_window):  # noqa: F811
    page = request.getfixturevalue(device)
    answers = norwegian_answers(page)
    page.goto(EN_FORM)
    for number, step_answers in enumerate(answers, start=1):
        progress = page.locator(".step-progress__current")
        expect(progress).to_have_text(re.compile(rf"^Step {number} of {STEPS}"))
        check(page, device, f"step {number}")
        answer(page, step_answers)
        if number == 2:
            page.get_by_role("button", name="Save and continue later").click()
            heading = page.get_by_role("heading", level=1)
            expect(heading).to_have_text(re.compile("^(Save the draft|The draft has been saved)$"))
            if heading.inner_text() == "Save the draft":
                page.get_by_label("E-mail address").fill("kari@bergen.kommune.no")
                page.get_by_role("button", name="Send me the link").click()
            expect(heading).to_have_text("The draft has been saved")
            check(page, device, "the saved draft")
            page.get_by_role("link", name="Continue with the application now").click()
            expect(progress).to_have_text(re.compile(rf"^Step 2 of {STEPS}"))
        page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_role("heading", name="Check your answers before you send")).to_be_visible()
    check(page, device, "the summary")
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url(re.compile(r"/kvittering/[0-9a-f]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your application has been sent")
    check(page, device, "the confirmation")


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
