"""wagtail-localize's translation editor, a React app, speaks bokmål in Chromium to an editor
whose admin language is Norwegian: its strings come from the JavaScript catalogue that
locale/nb/LC_MESSAGES/djangojs.po completes. Nothing is changed; the editor only looks."""

import re

import pytest
from playwright.sync_api import expect

from .test_review import SETTLED, log_in

pytestmark = pytest.mark.browser

PASSWORD = "Nettleser-sprak-5120"
TRANSLATOR = "oversetter-nett"

CREATE = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from home.models import StrategyPage

User = get_user_model()
User.objects.filter(username="{user}").delete()
user = User.objects.create_user("{user}", password="{password}")
user.groups.add(Group.objects.get(name="Redaktører"))
print("PAGE", StrategyPage.objects.get(locale__language_code="en").pk)
"""
DELETE = """
from django.contrib.auth import get_user_model
get_user_model().objects.filter(username="{user}").delete()
print("DELETED")
"""

# The editor's own words in English, as wagtail-localize's bundle has them.
ENGLISH = [
    "Translate",
    "Edit",
    "Save",
    "Not translated",
    "segments translated",
    "Download PO file",
    "Upload PO file",
    "Stop Synced translation",
    "Convert to alias page",
    "Publish in",
    "Preview",
    "Changed",
    "Server error",
    "Translate with",
    "Delete",
    "Lock",
    "Unlock",
    "Actions",
    "Cancel",
    "Fetching",
]


@pytest.fixture(scope="module")
def english_strategy_page(manage):
    """An editor (Redaktører, admin language left at Norwegian); the English strategy page."""
    output = manage("shell", "-c", CREATE.format(user=TRANSLATOR, password=PASSWORD))
    found = re.search(r"PAGE (\d+)", output)
    assert found, f"The set-up script did not finish:\n{output}"
    yield int(found.group(1))
    output = manage("shell", "-c", DELETE.format(user=TRANSLATOR))
    assert "DELETED" in output, f"The clean-up script did not finish:\n{output}"


def test_the_translation_editor_speaks_bokmal(page, english_strategy_page):
    log_in(page, TRANSLATOR, PASSWORD)
    page.goto(f"/admin/pages/{english_strategy_page}/edit/")
    # Rendered by React from the JavaScript catalogue, not by the server.
    expect(page.get_by_role("link", name="Last ned PO-fil")).to_be_visible()
    expect(page.get_by_role("button", name="Last opp PO-fil")).to_be_visible()
    expect(page.get_by_role("button", name="Rediger").first).to_be_visible()
    page.wait_for_function(SETTLED)
    text = page.evaluate(
        """() => {
            // The segments' own text (Norwegian source, English translation) is content.
            for (const passage of document.querySelectorAll("main li p")) passage.remove();
            const labels = [...document.querySelectorAll("[aria-label], [title]")].map(
                (element) => element.getAttribute("aria-label") || element.title);
            return [document.body.innerText, ...labels].join(" | ");
        }"""
    )
    # Hard-coded in wagtail-localize's bundle, without gettext: the sr-only «More actions»
    # and the heading «Norsk bokmål to English translation».
    text = re.sub(r"More actions|\S+ \S+ to \S+ translation", " ", text)
    found = [word for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]
    assert not found, f"English in the translation editor: {found}\n{text[:3000]}"
