"""An editor translates a new page with its subtree, finishes it in the translation editor and
submits it for moderation; a moderator approves it from the dashboard; the English page is
live with no Norwegian text. The editor's «Publish immediately» when syncing is refused.

In Chromium, as each role (users the test creates). The journey works on pages of its own,
removed at the end, so the shared seeded server is as the other browser tests expect it.
axe checks each admin view on the way.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from .test_review import SETTLED, log_in
from .test_review import run_axe as run_axe_on_admin
from .test_staff_boundaries import run_axe_on_editor

pytestmark = pytest.mark.browser

PASSWORD = "Nettleser-oversett-4417"
EDITOR, MODERATOR = "redaktor-oversett", "moderator-oversett"
NB_TITLE, NB_INTRO = "Kulturreise i fylkene", "Vi reiser rundt i landet med kulturskolen."
NB_CHILD = "Reiseplan for høsten"

CREATE = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Site
from home.models import ContentPage

data = json.loads(os.environ["JOURNEY"])
User = get_user_model()
User.objects.filter(username__in=data["users"]).delete()
for username, group in data["users"].items():
    user = User.objects.create_user(
        username, password=data["password"], first_name=username.title(), last_name="Test"
    )
    user.groups.add(Group.objects.get(name=group))
home = Site.objects.get(is_default_site=True).root_page
page = ContentPage(title=data["title"], slug="kulturreise", intro=data["intro"])
home.add_child(instance=page)
page.save_revision().publish()
child = ContentPage(title=data["child"], slug="reiseplan", intro=data["intro"])
page.add_child(instance=child)
child.save_revision().publish()
print("PAGE", page.pk)
"""

DELETE = """
import json, os
from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail_localize.models import TranslatableObject

data = json.loads(os.environ["JOURNEY"])
page = Page.objects.get(pk=data["page"])
keys = [p.translation_key for p in page.get_descendants(inclusive=True)]
for translated in Page.objects.filter(translation_key__in=keys, depth=page.depth):
    translated.delete()
TranslatableObject.objects.filter(translation_key__in=keys).delete()
get_user_model().objects.filter(username__in=data["users"]).delete()
print("DELETED")
"""

ENGLISH_PAGE = """
import json, os
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource

data = json.loads(os.environ["JOURNEY"])
page = Page.objects.get(pk=data["page"])
english = page.get_translation(Locale.objects.get(language_code="en"))
source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
print("ENGLISH", english.pk, english.live, english.url, "SOURCE", source.pk)
"""


def journey_data(**extra):
    users = {EDITOR: "Redaktører", MODERATOR: "Moderatorer"}
    return json.dumps(
        {
            "users": users,
            "password": PASSWORD,
            "title": NB_TITLE,
            "intro": NB_INTRO,
            "child": NB_CHILD,
            **extra,
        }
    )


@pytest.fixture(scope="module")
def norwegian_page(manage):
    output = manage("shell", "-c", CREATE, extra_env={"JOURNEY": journey_data()})
    found = re.search(r"PAGE (\d+)", output)
    assert found, f"The set-up script did not finish:\n{output}"
    page_id = int(found.group(1))
    yield page_id
    output = manage("shell", "-c", DELETE, extra_env={"JOURNEY": journey_data(page=page_id)})
    assert "DELETED" in output, f"The clean-up script did not finish:\n{output}"


def english_page(manage, page_id):
    output = manage("shell", "-c", ENGLISH_PAGE, extra_env={"JOURNEY": journey_data(page=page_id)})
    found = re.search(r"ENGLISH (\d+) (True|False) (\S+) SOURCE (\d+)", output)
    assert found, output
    return int(found.group(1)), found.group(2) == "True", found.group(3), int(found.group(4))


def finish_segments(editor):
    """Every segment in the translation editor, tab by tab, typed in and saved as a
    translator does."""
    translate = editor.get_by_role("button", name=re.compile(r"^(Translate|Oversett)$"))
    tabs = editor.locator(".js-translation-editor [role=tab]")
    done = 0
    for tab in range(tabs.count()) or [None]:
        if tab is not None:
            tabs.nth(tab).click()
        while remaining := translate.count():
            translate.first.click()
            done += 1
            editor.keyboard.type(f"Culture trip {done}")
            editor.keyboard.press("Enter")
            expect(translate).to_have_count(remaining - 1)
            expect(editor.get_by_text(re.compile("Saving|Lagrer"))).to_have_count(0)
    return done


def test_translation_goes_live_through_moderation(page, browser, base_url, manage, norwegian_page):
    editor = page
    log_in(editor, EDITOR, PASSWORD)

    # «Translate this page» with its subtree.
    editor.goto(f"/admin/localize/submit/page/{norwegian_page}/")
    editor.wait_for_function(SETTLED)
    run_axe_on_admin(editor, "wagtail-localize's «Translate this page», as an editor")
    editor.locator("input[name=locales]").first.check()
    editor.locator("input[name=include_subtree]").check()
    editor.locator("main form input[type=submit]").click()
    editor.wait_for_load_state()

    english_id, live, english_url, source_id = english_page(manage, norwegian_page)
    assert not live
    visitor_context = browser.new_context(base_url=base_url)
    visitor = visitor_context.new_page()
    assert visitor.goto(english_url).status == 404  # nothing untranslated is live

    # The translation editor: every segment translated, then «Send inn til moderering».
    editor.goto(f"/admin/pages/{english_id}/edit/")
    expect(editor.locator(".js-translation-editor")).to_be_visible()
    assert finish_segments(editor) >= 3  # the title, the intro and the slug
    editor.reload()
    expect(editor.locator(".incomplete")).to_have_count(0)
    run_axe_on_editor(editor, "the translation editor, as an editor")
    editor.get_by_role("button", name="Send inn til moderering").click()
    expect(editor.locator(".messages")).to_contain_text("er sendt inn til moderering")
    assert visitor.goto(english_url).status == 404  # still waiting for the moderator

    # «Oversettelser» tells where the page stands, with the way on.
    editor.goto("/admin/reports/oversettelser/")
    row = editor.locator("tr", has_text=NB_TITLE)
    expect(row).to_contain_text("Oversatt – ikke publisert")
    expect(row.get_by_role("link", name="Åpne oversettelsen")).to_have_attribute(
        "href", f"/admin/pages/{english_id}/edit/"
    )
    run_axe_on_admin(editor, "the «Oversettelser» report, as an editor")

    # The editor's attempt to publish through «Publish immediately» is refused.
    editor.goto(f"/admin/localize/update/{source_id}/")
    editor.wait_for_function(SETTLED)
    run_axe_on_admin(editor, "«Synkroniser oversatte sider», as an editor")
    editor.locator("input[name=publish_translations]").check()
    editor.locator("main form input[type=submit]").click()
    expect(editor.locator(".messages")).to_contain_text(
        "Du har ikke tillatelse til å publisere oversettelsene"
    )

    # The moderator approves from the dashboard.
    moderator_context = browser.new_context(base_url=base_url, locale="nb-NO")
    moderator = moderator_context.new_page()
    log_in(moderator, MODERATOR, PASSWORD)
    moderator.goto("/admin/")
    run_axe_on_admin(moderator, "the moderator's dashboard with a translation awaiting review")
    row = moderator.locator(
        "tr", has=moderator.locator(f"a[href='/admin/pages/{english_id}/edit/']")
    )
    row.get_by_role("button", name="Handlinger").click()
    row.get_by_role("button", name="Godkjenn", exact=True).click()
    moderator.wait_for_load_state()

    _id, live, english_url, _source = english_page(manage, norwegian_page)
    assert live
    assert visitor.goto(english_url).status == 200
    text = visitor.locator("main").inner_text()
    assert "Culture trip" in text
    for norwegian in (NB_TITLE, NB_INTRO):
        assert norwegian not in text
    visitor_context.close()
    moderator_context.close()
