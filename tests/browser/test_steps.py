"""The seeded form step by step in Chromium (issue 16): a whole application with a file kept
across an error and a wrong value corrected from the summary; «Lagre og fortsett senere»
and the resume link in another browser; the link after the deadline; axe on every step,
the summary and the error states, at desktop and 390 px; and a keyboard-only step.

The server sends e-mail with Django's locmem backend in its own process, so the resume link
is computed there by the same function the e-mail uses (forms/draft_mail.resume_url)."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .test_application_form import (
    CHECKBOXES,
    FORM_PATH,
    MUNICIPALITY,
    MUNICIPALITY_LABEL,
    PDF,
    PHONE_LABEL,
    TEXT_ANSWERS,
    _set_window,
    assert_confirmation,
    by_label,
    open_window,  # noqa: F401 (a fixture)
    run_axe,
)
from .test_keyboard import is_in_viewport

pytestmark = pytest.mark.browser

STEPS = 6
RESUME_LINK = """
from forms.draft_mail import resume_url
from forms.models import ApplicationDraft
draft = ApplicationDraft.objects.exclude(resume_key_hash=None).latest("updated_at")
page = draft.page.specific
print("LINK " + resume_url(draft, page))
"""


def step_heading(page, number):
    return re.compile(rf"^Steg {number} av {STEPS}")


def fill_this_step(page, skip=()):
    """Answer the questions of the step shown, from the one-page test's answers."""
    select = by_label(page, MUNICIPALITY_LABEL)
    if select.count():
        select.select_option(label=MUNICIPALITY)
    for label, value in TEXT_ANSWERS.items():
        field = by_label(page, label)
        if label not in skip and field.count():
            field.fill(value)
    for label in CHECKBOXES:
        box = by_label(page, label)
        if label not in skip and box.count():
            box.check()


def next_step(page):
    page.get_by_role("button", name="Neste", exact=True).click()


def go_to_last_step(page):
    page.goto(FORM_PATH)
    for number in range(1, STEPS):
        expect(page.locator(".step-progress__current")).to_have_text(step_heading(page, number))
        run_axe(page, f"step {number}")
        fill_this_step(page)
        next_step(page)
    expect(page.locator(".step-progress__current")).to_have_text(step_heading(page, STEPS))


def resume_link(manage):
    output = manage("shell", "-c", RESUME_LINK)
    link = next(line for line in output.splitlines() if line.startswith("LINK ")).split()[1]
    return urlsplit(link).path  # on this test server, whatever the site's own address


def test_a_whole_application_step_by_step(page, open_window):  # noqa: F811
    go_to_last_step(page)
    # The file, and an unticked consent: the error keeps the file.
    page.locator("input[type=file]").set_input_files(PDF)
    fill_this_step(page, skip=CHECKBOXES[-1:])
    next_step(page)
    expect(page).to_have_title(re.compile(r"^Feil: Steg 6 av 6"))
    expect(page.locator("#feiloppsummering")).to_be_focused()
    expect(page.locator(".held-file")).to_contain_text(PDF["name"])
    run_axe(page, "the last step with an error and a kept file")
    fill_this_step(page)
    next_step(page)

    # The summary, with the file by name; a wrong phone number set from «Endre».
    expect(page.get_by_role("heading", name="Se over svarene før du sender")).to_be_visible()
    expect(page.locator("main")).to_contain_text(PDF["name"])
    run_axe(page, "the summary")
    page.get_by_role("link", name=f"Endre {PHONE_LABEL}").click()
    expect(by_label(page, PHONE_LABEL)).to_be_focused()
    by_label(page, PHONE_LABEL).fill("12")
    page.get_by_role("button", name="Lagre og gå tilbake til oppsummeringen").click()
    expect(page).to_have_title(re.compile(r"^Feil: Steg 2 av 6"))
    run_axe(page, "a later step with an error")
    by_label(page, PHONE_LABEL).fill(TEXT_ANSWERS[PHONE_LABEL])
    page.get_by_role("button", name="Lagre og gå tilbake til oppsummeringen").click()
    page.get_by_role("button", name="Send søknad").click()
    assert_confirmation(page)


def test_an_error_summary_heading_is_in_view_on_a_phone(mobile_page, open_window):  # noqa: F811
    mobile_page.goto(FORM_PATH)
    next_step(mobile_page)
    summary = mobile_page.locator("#feiloppsummering")
    expect(summary).to_be_focused()
    box = mobile_page.locator("#error-summary-title").bounding_box()
    viewport = mobile_page.viewport_size
    assert is_in_viewport({"box": box, "viewport": viewport}), box
    run_axe(mobile_page, "step 1 with errors at 390 px")


def test_save_resume_elsewhere_and_send(browser, base_url, page, manage, open_window):  # noqa: F811
    page.goto(FORM_PATH)
    fill_this_step(page)
    next_step(page)
    fill_this_step(page)
    page.get_by_role("button", name="Lagre og fortsett senere").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utkastet er lagret")
    run_axe(page, "the saved page")

    other = browser.new_context(base_url=base_url).new_page()
    try:
        other.goto(resume_link(manage))
        expect(other.locator(".step-progress__current")).to_have_text(step_heading(other, 2))
        expect(by_label(other, PHONE_LABEL)).to_have_value(TEXT_ANSWERS[PHONE_LABEL])
        for _ in range(2, STEPS + 1):
            fill_this_step(other)
            if other.locator("input[type=file]").count():
                other.locator("input[type=file]").set_input_files(PDF)
            next_step(other)
        other.get_by_role("button", name="Send søknad").click()
        assert_confirmation(other)
    finally:
        other.context.close()


def test_a_resume_link_after_the_deadline(page, manage, open_window):  # noqa: F811
    page.goto(FORM_PATH)
    fill_this_step(page)
    next_step(page)
    fill_this_step(page)  # the applicant e-mail the link goes to
    page.get_by_role("button", name="Lagre og fortsett senere").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Utkastet er lagret")
    link = resume_link(manage)
    opened = _set_window(manage, None)
    closed = {pk: ["2020-01-01T00:00:00+01:00", "2020-02-01T00:00:00+01:00"] for pk in opened}
    _set_window(manage, closed)
    try:
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_have_text("Søknadsfristen har gått ut")
        run_axe(page, "a resume link after the deadline")
    finally:
        _set_window(manage, opened)


def test_a_step_with_the_keyboard_alone(page, open_window):  # noqa: F811
    page.goto(FORM_PATH)
    page.keyboard.press("Tab")
    for _ in range(60):
        page.keyboard.press("Tab")
        name = page.evaluate("() => document.activeElement.textContent.trim()")
        if name == "Neste":
            break
    else:
        pytest.fail("Tab never reached «Neste»")
    page.keyboard.press("Enter")
    expect(page.locator("#feiloppsummering")).to_be_focused()
