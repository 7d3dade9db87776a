"""The seeded application form in Chromium: sending it, its errors, axe, and the keyboard.

The seeded program's application window (19 March–13 April 2026) is in the past, so the
`open_window` fixture opens it in the running server's database for these tests, and puts
the seeded dates back afterwards. The server limits posts per IP address
(settings.APPLICATION_RATE_LIMIT, 30 per 10 minutes): these tests send only a handful.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from .test_accessibility import (
    AXE_OPTIONS,
    assert_no_sideways_scrolling,
    axe,
    format_violations,
)
from .test_keyboard import is_in_viewport

pytestmark = pytest.mark.browser

FORM_PATH = "/program/veiledning-for-kulturskoleutvikling/soknad/"
PROGRAM_SLUG = "veiledning-for-kulturskoleutvikling"
REFERENCE = re.compile(r"VKU-\d{4}-\d{4}")
MAX_TABS = 60  # per step

# What the applicant answers, by the label of each field (without «(må fylles ut)»).
MUNICIPALITY_LABEL = "Kommune"
MUNICIPALITY = "Bergen"
MUNICIPALITY_NUMBER = "4601"
ORGNR_LABEL = "Organisasjonsnummer"
PHONE_LABEL = "Telefon"
CONTACT_NAME_LABEL = "Navn"
TEXT_ANSWERS = {
    ORGNR_LABEL: "974 760 673",
    CONTACT_NAME_LABEL: "Kari Nordmann",
    "Rolle i kommunen": "Kultursjef",
    "E-post": "kari.nordmann@bergen.kommune.no",
    PHONE_LABEL: "+47 55 56 55 60",
    "Kulturskoleeier, politisk nivå: navn": "Ola Politiker",
    "Kulturskoleeier, politisk nivå: stilling": "Leder av kulturutvalget",
    "Kulturskoleeier, politisk nivå: e-post": "ola.politiker@bergen.kommune.no",
    "Kulturskoleeier, administrativt nivå: navn": "Per Administrasjon",
    "Kulturskoleeier, administrativt nivå: stilling": "Kommunalsjef",
    "Kulturskoleeier, administrativt nivå: e-post": "per.administrasjon@bergen.kommune.no",
    "Kulturskoleleder (rektor): navn": "Rita Rektor",
    "Kulturskoleleder (rektor): stilling": "Rektor",
    "Kulturskoleleder (rektor): e-post": "rita.rektor@bergen.kommune.no",
    "Ressurslærer 1: navn": "Lars Lærer",
    "Ressurslærer 1: stilling": "Kulturskolelærer",
    "Ressurslærer 1: e-post": "lars.laerer@bergen.kommune.no",
    "Hvorfor ønsker kommunen intern utvikling av profesjon, pedagogikk og organisasjon?": (
        "Vi vil gjøre rammeplanen til praksis i hele kulturskolen."
    ),
    "Hva ønsker kommunen å oppnå med deltakelsen?": (
        "Et felles språk for utviklingsarbeid og et sterkere lærerkollegium."
    ),
}
CONSENT_LABEL = (
    "Jeg samtykker i at Kulturskolerådet behandler personopplysningene i søknaden slik "
    "personvernerklæringen beskriver."
)
CHECKBOXES = [
    "Kommunen stiller med en dedikert kommunegruppe.",
    "Kommunen prioriterer tid, kapasitet og aktiv deltakelse gjennom hele programperioden.",
    "Kommunen dekker medgått arbeidstid for deltakerne og reisekostnader til Gardermoen for "
    "rektor+1.",
    "Kommunen deler erfaringer og bidrar aktivt i det nasjonale læringsfellesskapet.",
    CONSENT_LABEL,
]
# Optional fields the applicant leaves empty.
OPTIONAL_LABELS = {
    "Ressurslærer 2: navn",
    "Ressurslærer 2: stilling",
    "Ressurslærer 2: e-post",
    "Flere ressurslærere",
    "Vedlegg",
}
SUBMIT_TEXT = "Send søknad"  # on the summary, after the steps (issue 16)
NEXT_TEXT = "Neste"
SUMMARY_HEADING = "Se over svarene før du sender"
PDF = {
    "name": "kommunegruppe.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
}

# Run in `manage.py shell` with the server's environment. PROGRAM_WINDOW is JSON:
# {"slug": ..., "dates": null} opens the window (now - 1 day to now + 30 days) on the
# Norwegian program page and its translations; {"slug": ..., "dates": {pk: [opens, closes]}}
# puts those dates back. Either way it prints the dates it replaced, as JSON.
SET_WINDOW = """
import json, os
from datetime import datetime, timedelta
from django.utils import timezone
from program.models import ProgramPage

request = json.loads(os.environ["PROGRAM_WINDOW"])
source = ProgramPage.objects.get(slug=request["slug"], locale__language_code="nb")
now = timezone.now()
replaced = {}


def parse(value):
    return datetime.fromisoformat(value) if value else None


def iso(value):
    return value.isoformat() if value else None


for page in ProgramPage.objects.filter(translation_key=source.translation_key).order_by("pk"):
    replaced[str(page.pk)] = [iso(page.application_opens), iso(page.application_closes)]
    if request["dates"] is None:
        page.application_opens = now - timedelta(days=1)
        page.application_closes = now + timedelta(days=30)
    else:
        opens, closes = request["dates"][str(page.pk)]
        page.application_opens, page.application_closes = parse(opens), parse(closes)
    page.save_revision().publish()
print("WINDOW " + json.dumps(replaced))
"""


def _set_window(manage, dates):
    output = manage(
        "shell",
        "-c",
        SET_WINDOW,
        extra_env={"PROGRAM_WINDOW": json.dumps({"slug": PROGRAM_SLUG, "dates": dates})},
    )
    lines = [line for line in output.splitlines() if line.startswith("WINDOW ")]
    assert lines, f"The window script printed no result:\n{output}"
    return json.loads(lines[-1].removeprefix("WINDOW "))


@pytest.fixture(scope="module")
def open_window(manage):
    """The seeded program (Norwegian and English) takes applications during these tests."""
    original = _set_window(manage, None)
    assert len(original) >= 2, f"Expected the program in Norwegian and English: {original}"
    yield
    _set_window(manage, original)


# Helpers


def by_label(page, label):
    """The form control whose label is `label`, with or without the «required» suffix."""
    suffix = r"( \(må (fylles ut|krysses av)\))?"
    return page.get_by_label(re.compile(rf"^{re.escape(label)}{suffix}$"))


def open_form(page):
    response = page.goto(FORM_PATH)
    assert response is not None and response.status == 200, f"GET {FORM_PATH}: {response}"
    expect(page.get_by_role("button", name=NEXT_TEXT, exact=True)).to_be_visible()


def fill_step(page, answers=None, checkboxes=CHECKBOXES, municipality=MUNICIPALITY, file=None):
    """Answer the questions of the step shown (the form goes one section per step)."""
    select = by_label(page, MUNICIPALITY_LABEL)
    if municipality and select.count():
        select.select_option(label=municipality)
    for label, value in (TEXT_ANSWERS if answers is None else answers).items():
        if by_label(page, label).count():
            by_label(page, label).fill(value)
    for label in checkboxes:
        if by_label(page, label).count():
            by_label(page, label).check()
    if file and page.locator("input[type=file]").count():
        page.locator("input[type=file]").set_input_files(file)


def fill_form(page, file=None, **answers):
    """Every step answered, then on to the summary, where «Send søknad» is."""
    summary = page.get_by_role("heading", name=SUMMARY_HEADING)
    for _ in range(10):
        fill_step(page, file=file, **answers)
        page.get_by_role("button", name=NEXT_TEXT, exact=True).click()
        page.wait_for_load_state()
        if summary.count():
            return
    pytest.fail("The steps never reached the summary")


def run_axe(page, what):
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('.skip-link')).position")
        == "absolute"
    ), f"{what}: site.css did not load"
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{what}\n{format_violations(violations)}"


def assert_confirmation(page):
    """The confirmation page after a redirect, with a reference number; returns it."""
    page.wait_for_url(re.compile(r"/kvittering/[0-9a-f]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Søknaden er sendt")
    reference = page.locator(".confirmation__reference strong").inner_text().strip()
    assert REFERENCE.fullmatch(reference), f"Not a reference number: {reference!r}"
    return reference


def active_element(page):
    return page.evaluate("() => document.activeElement.id")


# Tests


def test_municipality_sends_the_application(page, open_window):
    open_form(page)
    fill_form(page, file=PDF)
    expect(page.locator("main")).to_contain_text(PDF["name"])
    page.get_by_role("button", name=SUBMIT_TEXT).click()

    assert_confirmation(page)
    run_axe(page, "the confirmation page")


def test_errors_are_summarised_linked_and_kept_then_corrected(page, open_window):
    """Each step shows its own errors only (issue 16): wrong or missing answers on four
    steps and an unticked consent on the last, each summarised, linked, kept, corrected."""
    open_form(page)
    answers = {
        **TEXT_ANSWERS,
        ORGNR_LABEL: "974760674",  # wrong check digit
        PHONE_LABEL: "12 34",
    }
    empty = ["Ressurslærer 1: navn", "Hva ønsker kommunen å oppnå med deltakelsen?"]
    for label in empty:
        del answers[label]
    expected_errors = {
        ORGNR_LABEL: "Dette er ikke et gyldig organisasjonsnummer",
        PHONE_LABEL: "Skriv et norsk telefonnummer",
        "Ressurslærer 1: navn": "Fyll ut feltet.",
        "Hva ønsker kommunen å oppnå med deltakelsen?": "Fyll ut feltet.",
        CONSENT_LABEL: "Kryss av her for å bekrefte.",
    }
    summary_heading = page.get_by_role("heading", name=SUMMARY_HEADING)
    seen = set()
    for _ in range(12):
        fill_step(page, answers=answers, checkboxes=CHECKBOXES[:-1])  # no consent
        page.get_by_role("button", name=NEXT_TEXT, exact=True).click()
        page.wait_for_load_state()
        if summary_heading.count():
            break
        summary = page.locator("#feiloppsummering")
        if not summary.count():
            continue
        here = {label for label in expected_errors if by_label(page, label).count()}
        assert here, "An error summary on a step without the expected errors"
        seen |= here

        # The summary is shown, has focus, and lists this step's errors only.
        expect(summary.get_by_role("heading", level=2)).to_have_text(
            re.compile(rf"^Steget har {len(here)} feil$")
        )
        page.wait_for_function("() => document.activeElement.id === 'feiloppsummering'")
        expect(summary.get_by_role("link")).to_have_count(len(here))
        for label in here:
            control = by_label(page, label)
            control_id = control.get_attribute("id")
            expect(summary.locator(f'a[href="#{control_id}"]')).to_have_count(1)
            # Next to the field and tied to it for screen readers.
            expect(page.locator(f"#{control_id}-feil")).to_contain_text(expected_errors[label])
            expect(control).to_have_attribute("aria-invalid", "true")
            assert f"{control_id}-feil" in (control.get_attribute("aria-describedby") or "")
            # What was typed is still there, wrong values too.
            if label in answers:
                expect(control).to_have_value(answers[label])
        if ORGNR_LABEL in here:
            expect(by_label(page, MUNICIPALITY_LABEL)).to_have_value(MUNICIPALITY_NUMBER)
            summary.get_by_role("link", name=re.compile(rf"^{ORGNR_LABEL}:")).click()
            expect(by_label(page, ORGNR_LABEL)).to_be_focused()
            run_axe(page, "a step with errors")

        # Corrected, and on to the next step.
        for label in here:
            if label == CONSENT_LABEL:
                by_label(page, label).check()
            else:
                by_label(page, label).fill(TEXT_ANSWERS[label])
                answers[label] = TEXT_ANSWERS[label]
        page.get_by_role("button", name=NEXT_TEXT, exact=True).click()
        page.wait_for_load_state()
        if summary_heading.count():
            break
    assert seen == set(expected_errors), f"Errors never shown: {set(expected_errors) - seen}"
    expect(summary_heading).to_be_visible()
    page.get_by_role("button", name=SUBMIT_TEXT).click()
    assert_confirmation(page)


def test_open_form_has_no_wcag_violations(page, open_window):
    open_form(page)
    run_axe(page, FORM_PATH)


def test_open_form_has_no_wcag_violations_on_a_phone(mobile_page, open_window):
    open_form(mobile_page)
    run_axe(mobile_page, f"{FORM_PATH} on a phone")
    assert_no_sideways_scrolling(mobile_page, "The form on a phone")


# Keyboard only

FOCUSED = """() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    const label = el.labels && el.labels.length ? el.labels[0].textContent : '';
    return {
        tag: el.tagName.toLowerCase(),
        type: el.type || '',
        id: el.id,
        name: el.getAttribute('name') || '',
        label: label.replace(/\\s+/g, ' ').trim(),
        text: (el.innerText || '').trim(),
        value: 'value' in el ? el.value : null,
        checked: !!el.checked,
        box: {x: box.x, y: box.y, width: box.width, height: box.height},
        viewport: {width: window.innerWidth, height: window.innerHeight},
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
    };
}"""
MIN_SHOWN_HEIGHT = 48  # px: the focus ring and a line of text
REQUIRED_SUFFIX = re.compile(r"\s*\(må (fylles ut|krysses av)\)$")


def focused(page):
    info = page.evaluate(FOCUSED)
    info["label"] = REQUIRED_SUFFIX.sub("", info["label"])
    return info


def is_shown_in_viewport(info):
    """All of the element is in the viewport, or, for a tall one (a text area), enough of its
    top for the focus ring and the first line: Chromium scrolls a focused element only until
    part of it shows, as long as it fits horizontally."""
    if is_in_viewport(info):
        return True
    box, viewport = info["box"], info["viewport"]
    shown = min(box["y"] + box["height"], viewport["height"]) - max(box["y"], 0)
    return (
        box["x"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
        and box["y"] >= 0
        and shown >= min(box["height"], MIN_SHOWN_HEIGHT)
    )


def assert_visible_focus(info):
    outline = info["outlineStyle"] != "none" and info["outlineWidth"] >= 2
    shadow = info["boxShadow"] not in ("", "none")
    assert outline or shadow, f"No visible focus indicator: {info}"
    assert is_shown_in_viewport(info), f"The focused element is not in the viewport: {info}"


def test_form_can_be_completed_with_the_keyboard_alone(page, open_window):
    open_form(page)
    typed, ticked, skipped = set(), set(), set()
    went_back = False
    for _step in range(10):
        # The skip link first, then into the main content.
        page.keyboard.press("Tab")
        info = focused(page)
        assert info["text"] == "Hopp til hovedinnholdet", f"First Tab focused {info}"
        assert_visible_focus(info)
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => document.activeElement.id === 'main' || location.hash === '#main'"
        )
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            info = focused(page)
            assert info["name"] != "nettsted", f"Tab reached the honeypot: {info}"
            assert_visible_focus(info)
            label = info["label"]

            if info["tag"] == "button":
                assert info["text"] in (NEXT_TEXT, SUBMIT_TEXT), f"Another button first: {info}"
                break
            if info["tag"] == "select":
                assert label == MUNICIPALITY_LABEL, info
                page.keyboard.type(MUNICIPALITY)
                assert focused(page)["value"] == MUNICIPALITY_NUMBER, "Typing did not pick Bergen"
                typed.add(label)
            elif info["type"] == "checkbox":
                assert label in CHECKBOXES, f"An unexpected checkbox: {info}"
                page.keyboard.press("Space")
                assert focused(page)["checked"], f"Space did not tick {label!r}"
                ticked.add(label)
            elif info["type"] == "file" or label in OPTIONAL_LABELS:
                skipped.add(label)
            elif label in TEXT_ANSWERS:
                page.keyboard.type(TEXT_ANSWERS[label])
                assert focused(page)["value"] == TEXT_ANSWERS[label], f"Typing {label!r} failed"
                typed.add(label)
                if label == ORGNR_LABEL and not went_back:
                    # Shift+Tab goes back to the municipality, which kept its choice.
                    page.keyboard.press("Shift+Tab")
                    back = focused(page)
                    assert back["label"] == MUNICIPALITY_LABEL, f"Shift+Tab went to {back}"
                    assert back["value"] == MUNICIPALITY_NUMBER, back
                    assert_visible_focus(back)
                    page.keyboard.press("Tab")
                    assert focused(page)["label"] == ORGNR_LABEL
                    went_back = True
            elif info["tag"] in ("input", "select", "textarea"):
                pytest.fail(f"Tab reached a form field the test does not know: {info}")
            # Anything else (links, «Endre» on the summary) is passed over.
        else:
            pytest.fail(f"Tab never reached a button in {MAX_TABS} presses")
        if info["text"] == SUBMIT_TEXT:
            break
        with page.expect_navigation():
            page.keyboard.press("Enter")  # «Neste»

    assert went_back, "Shift+Tab was never tried"
    expected = {MUNICIPALITY_LABEL, *TEXT_ANSWERS}
    assert typed == expected, f"Not typed: {expected - typed}"
    assert ticked == set(CHECKBOXES), f"Not ticked: {set(CHECKBOXES) - ticked}"
    assert "Vedlegg" in skipped

    page.keyboard.press("Enter")
    assert_confirmation(page)
