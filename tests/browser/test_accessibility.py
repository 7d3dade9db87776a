"""axe-core (WCAG 2.1 A and AA rules) on every page type, with the seed content."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}

PAGES = {
    "home": "/",
    "strategy": "/strategi/",
    "content": "/strategi/interessepolitisk-arbeid/",
    "program_index": "/program/",
    "program": "/program/veiledning-for-kulturskoleutvikling/",
    "privacy": "/personvern/",
    "accessibility_statement": "/tilgjengelighetserklaering/",
    "search": "/sok/?q=kulturskole",
}
ENGLISH_PAGES = {
    "en_home": "/en/",
    "en_strategy": "/en/strategy/",
    "en_content": "/en/strategy/advocacy/",
    "en_program_index": "/en/programmes/",
    "en_program": "/en/programmes/guidance-for-kulturskole-development/",
    "en_privacy": "/en/privacy/",
    "en_search": "/en/sok/?q=kulturskole",
}
MOBILE_PAGES = {name: PAGES[name] for name in ("home", "program_index", "program")}

axe = Axe()


def format_violations(violations):
    """One readable block per rule: id, impact, help, and the offending elements."""
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        lines.append(
            f"\n[{violation['impact']}] {violation['id']}: {violation['help']}\n"
            f"    {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    - {target}")
            lines.append(f"      {node['html'][:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


def assert_no_sideways_scrolling(page, what):
    """Reflow (WCAG 1.4.10), which axe does not check: nothing wider than the screen.

    Compared with the viewport the context was given, not `innerWidth`: a mobile browser
    zooms out to fit a wider page, so there `innerWidth` grows with the overflow and the
    two would always agree.
    """
    screen = page.viewport_size["width"]
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width <= screen and inner <= screen, f"{what}: {width}px wide on a {screen}px screen"


def assert_no_violations(page, path, expected_status=200):
    response = page.goto(path)
    assert response is not None and response.status == expected_status, (
        f"GET {path}: HTTP {response.status if response else 'no response'}"
    )
    # The stylesheet must have loaded, or the contrast checks would test unstyled HTML.
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('.skip-link')).position")
        == "absolute"
    ), f"{path}: site.css did not load"
    results = axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"{path}\n{format_violations(violations)}"


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_wcag_violations(page, path):
    assert_no_violations(page, path)


@pytest.mark.parametrize("path", ENGLISH_PAGES.values(), ids=ENGLISH_PAGES.keys())
def test_english_page_has_no_wcag_violations(page, path):
    assert_no_violations(page, path)
    assert page.evaluate("() => document.documentElement.lang") == "en"


@pytest.mark.parametrize("path", MOBILE_PAGES.values(), ids=MOBILE_PAGES.keys())
def test_page_has_no_wcag_violations_on_a_phone(mobile_page, path):
    assert_no_violations(mobile_page, path)
    assert_no_sideways_scrolling(mobile_page, f"{path} on a phone")


def test_not_found_page_has_no_wcag_violations(page):
    assert_no_violations(page, "/finnes-ikke/", expected_status=404)
    assert page.get_by_role("heading", level=1).inner_text() == "Vi fant ikke siden"


def test_search_page_without_query_has_no_wcag_violations(page):
    assert_no_violations(page, "/sok/")
