"""The editor's live preview shows the page, in Chromium, for every page type.

An editor (Redaktører) opens each page type in Wagtail's editor, opens the preview side
panel and sees the page's heading inside the preview frame, with no Content-Security-Policy
violation and no refused frame (the public policy, `frame-ancestors 'none'` and
`X-Frame-Options: DENY`, once made it a broken-page icon). A translated English page opens
in wagtail-localize's translation editor, whose «Preview» opens the translation in a new
tab. axe checks the editor with the panel open.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from .test_review import log_in
from .test_staff_boundaries import run_axe_on_editor

pytestmark = pytest.mark.browser

USERNAME = "redaktor-forhandsvisning"
PASSWORD = "Nettleser-forhandsvisning-4417"

CREATE = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail_localize.models import Translation
from forms.models import ApplicationFormPage
from home.models import ContentPage, HomePage, StrategyPage
from program.models import ProgramIndexPage, ProgramPage

data = json.loads(os.environ["PREVIEW_USER"])
User = get_user_model()
User.objects.filter(username=data["username"]).delete()
user = User.objects.create_user(
    data["username"], password=data["password"], first_name="Rita", last_name="Redaktør"
)
user.groups.add(Group.objects.get(name="Redaktører"))

def heading(page):
    # What each template puts in its <h1>.
    if isinstance(page, HomePage):
        return page.hero_heading
    if isinstance(page, ContentPage) and page.eyebrow:
        return f"{page.eyebrow}: {page.title}"
    return page.title

pages = {
    "home": HomePage.objects.get(locale__language_code="nb"),
    "strategy": StrategyPage.objects.get(locale__language_code="nb"),
    "content": ContentPage.objects.get(locale__language_code="nb", slug="interessepolitisk-arbeid"),
    "program_index": ProgramIndexPage.objects.get(locale__language_code="nb"),
    "program": ProgramPage.objects.get(locale__language_code="nb"),
    "form": ApplicationFormPage.objects.get(locale__language_code="nb"),
    "en_program": ProgramPage.objects.get(locale__language_code="en"),
}
found = {name: {"id": page.pk, "h1": heading(page)} for name, page in pages.items()}
print("READY", json.dumps(found))
"""
DELETE = """
import json, os
from django.contrib.auth import get_user_model
get_user_model().objects.filter(
    username=json.loads(os.environ["PREVIEW_USER"])["username"]
).delete()
print("DELETED")
"""

# Every violation a document reports, the preview frame's included (an init script runs in
# every frame). A frame the browser refuses to show reports nothing itself: that is in the
# console of the page that frames it, which is watched too.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
REFUSED = re.compile(r"Content Security Policy|X-Frame-Options|Refused to (frame|display)")

STYLESHEET_LOADED = """() => [...document.styleSheets].some(
    (sheet) => sheet.href && sheet.href.includes("/static/css/site.css")
)"""

NORWEGIAN_PAGES = ["home", "strategy", "content", "program_index", "program", "form"]


@pytest.fixture(scope="module")
def pages(manage):
    data = json.dumps({"username": USERNAME, "password": PASSWORD})
    output = manage("shell", "-c", CREATE, extra_env={"PREVIEW_USER": data})
    assert "READY" in output, output
    yield json.loads(output.split("READY", 1)[1])
    assert "DELETED" in manage("shell", "-c", DELETE, extra_env={"PREVIEW_USER": data})


def watch(page):
    """Console messages about refused content or frames, from every frame of the page."""
    page.context.add_init_script(RECORD_VIOLATIONS)
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if REFUSED.search(message.text) else None,
    )
    return refused


def violations_in(frame):
    return frame.evaluate("() => window.__cspViolations || []")


def open_preview_panel(page):
    page.locator("button[data-side-panel-toggle='preview']").click()
    return page.frame_locator("#w-preview-iframe")


def preview_frame(page):
    return page.locator("#w-preview-iframe").last.element_handle().content_frame()


@pytest.mark.parametrize("name", NORWEGIAN_PAGES)
def test_the_preview_panel_shows_the_page(page, pages, name):
    refused = watch(page)
    log_in(page, USERNAME, PASSWORD)
    assert page.goto(f"/admin/pages/{pages[name]['id']}/edit/").ok
    page.wait_for_load_state("networkidle")

    frame = open_preview_panel(page)
    expect(frame.locator("h1")).to_have_text(pages[name]["h1"], timeout=15_000)
    page.wait_for_load_state("networkidle")
    inside = preview_frame(page)
    # Our stylesheet applies inside the frame (the page is styled, not bare HTML).
    assert inside.evaluate(STYLESHEET_LOADED)
    # Wagtail's preview-mode user bar (its content checker) is in the frame, and its
    # scripts ran under the frame's policy without a violation.
    expect(frame.locator("wagtail-userbar")).to_have_count(1)
    assert violations_in(inside) == []
    assert violations_in(page.main_frame) == []
    assert refused == []
    run_axe_on_editor(page, f"the editor of «{name}» with the preview panel open")


def test_a_translated_page_is_previewed_from_the_translation_editor(page, pages):
    refused = watch(page)
    log_in(page, USERNAME, PASSWORD)
    page.goto(f"/admin/pages/{pages['en_program']['id']}/edit/")
    # A synchronised translation opens in wagtail-localize's editor; its preview is a link.
    preview_link = page.locator("a[href*='/admin/localize/translate/'][href*='/preview/']").first
    expect(preview_link).to_be_attached(timeout=15_000)
    with page.context.expect_page() as opened:
        preview_link.click()
    preview = opened.value
    preview.wait_for_load_state("networkidle")
    expect(preview.locator("h1")).to_have_text(pages["en_program"]["h1"])
    assert violations_in(preview.main_frame) == []
    assert violations_in(page.main_frame) == []
    assert refused == []
