"""The Content-Security-Policy in a real browser: Chromium blocks nothing on the public
pages (so they need no inline script or style) nor in the admin (its own, looser policy),
the editor's preview panel included, and a script injected into a public page is refused."""

import json
import re

import pytest
from playwright.sync_api import expect

from .test_accessibility import ENGLISH_PAGES, PAGES
from .test_review import log_in

pytestmark = pytest.mark.browser

# A frame refused by `X-Frame-Options` is reported without the words «Content Security Policy».
REFUSED = re.compile(r"Content Security Policy|X-Frame-Options|Refused to (frame|display)")

FORM_PATH = "/program/veiledning-for-kulturskoleutvikling/soknad/"
USERNAME = "csp-redaktor"
PASSWORD = "Nettleser-csp-4417"

CREATE = """
import json, os
from django.contrib.auth import get_user_model
data = json.loads(os.environ["CSP_USER"])
User = get_user_model()
User.objects.filter(username=data["username"]).delete()
User.objects.create_superuser(data["username"], "csp@kulturskoleradet.no", data["password"])
from program.models import ProgramPage
program = ProgramPage.objects.get(
    locale__language_code="nb", slug="veiledning-for-kulturskoleutvikling"
)
print("READY", program.pk, "TITLE", program.title)
"""
DELETE = """
import json, os
from django.contrib.auth import get_user_model
get_user_model().objects.filter(username=json.loads(os.environ["CSP_USER"])["username"]).delete()
print("DELETED")
"""


def watch_for_violations(page):
    """Every CSP violation or refused frame the page reports, from the browser's console
    (messages from every frame, the preview's included)."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if REFUSED.search(message.text) else None,
    )
    return violations


@pytest.mark.parametrize(
    "path",
    [*PAGES.values(), *ENGLISH_PAGES.values(), FORM_PATH],
    ids=[*PAGES.keys(), *ENGLISH_PAGES.keys(), "form"],
)
def test_public_pages_break_no_rule_of_their_policy(page, path):
    violations = watch_for_violations(page)
    response = page.goto(path)
    assert response.ok, path
    page.wait_for_load_state("networkidle")
    policy = response.header_value("content-security-policy")
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert violations == []


def test_an_injected_inline_script_does_not_run_on_a_public_page(page):
    violations = watch_for_violations(page)
    page.goto("/")
    # What an injection would add: an inline script and an inline event handler.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
            const image = document.createElement("img");
            image.setAttribute("onerror", "window.handlerRan = true");
            image.src = "/finnes-ikke.png";
            document.body.append(image);
        }"""
    )
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.injected") is None
    assert page.evaluate("() => window.handlerRan") is None
    assert any("script-src" in violation for violation in violations)


@pytest.fixture(scope="module")
def editor(manage):
    data = json.dumps({"username": USERNAME, "password": PASSWORD})
    output = manage("shell", "-c", CREATE, extra_env={"CSP_USER": data})
    assert "READY" in output, output
    yield {
        "program_id": int(output.split("READY")[1].split()[0]),
        "program_title": output.split("TITLE", 1)[1].strip(),
    }
    assert "DELETED" in manage("shell", "-c", DELETE, extra_env={"CSP_USER": data})


def test_the_admin_works_under_its_policy(page, editor):
    violations = watch_for_violations(page)
    log_in(page, USERNAME, PASSWORD)

    # The dashboard, the page explorer, and the editor of the program page.
    for path in ("/admin/", "/admin/pages/", f"/admin/pages/{editor['program_id']}/edit/"):
        assert page.goto(path).ok, path
        page.wait_for_load_state("networkidle")
    # The editor's scripts ran: the rich-text editor (Draftail) is drawn.
    assert page.locator(".Draftail-Editor").first.is_visible()
    # The preview panel loads its frame only when opened: a check of the editor that never
    # opened it missed that the browser refused to frame the preview.
    page.locator("button[data-side-panel-toggle='preview']").click()
    heading = page.frame_locator("#w-preview-iframe").locator("h1")
    expect(heading).to_have_text(editor["program_title"], timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert violations == []

    # Signed in, public pages carry Wagtail's user bar, under the public policy.
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert page.locator("wagtail-userbar").count() == 1
    assert violations == []
