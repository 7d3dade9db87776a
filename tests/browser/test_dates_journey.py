"""An editor moves the program's deadline in Norwegian; a moderator approves it from the
dashboard; the English program page and form show and enforce the new date at once.

In Chromium, as each role: the editor (Redaktører) opens the Norwegian program page in the
admin, writes a date in the intro that the program does not have and is warned (never
blocked), moves the deadline, fixes the text, sees the new deadline in the preview panel and
submits for moderation. The moderator (Moderatorer) approves from the dashboard. Without
any translator's sync or second publish, the English program page and form show the new
deadline and the English form accepts an application. axe checks the admin views and the
public pages on the way.

The journey changes content, so it runs on a server of its own (module-scoped), and the
session's shared server keeps the seeded dates for the other browser tests.
"""

import json
import os
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from .conftest import REPO_ROOT, _free_port, _manage, _new_page, _wait_until_up
from .test_accessibility import AXE_OPTIONS, axe, format_violations
from .test_application_form import CHECKBOXES, MUNICIPALITY_LABEL, TEXT_ANSWERS, by_label
from .test_review import log_in
from .test_review import run_axe as run_axe_on_admin
from .test_staff_boundaries import run_axe_on_editor

pytestmark = pytest.mark.browser

PASSWORD = "Nettleser-datoer-4417"
EDITOR, MODERATOR = "redaktor-datoer", "moderator-datoer"
NB_PROGRAM = "/program/veiledning-for-kulturskoleutvikling/"
NB_FORM = NB_PROGRAM + "soknad/"
EN_PROGRAM = "/en/programmes/guidance-for-kulturskole-development/"
EN_FORM = EN_PROGRAM + "application/"
# The seeded window (spring 2026) is over; the editor moves the deadline into the future,
# so the window is open today and the English form must take an application.
NEW_DEADLINE = "2030-02-15 23:59"
NEW_DEADLINE_NB = "15. februar 2030"
NEW_DEADLINE_EN = "15 February 2030"
NEW_INTRO = f"Søknadsfristen er {NEW_DEADLINE_NB}."

CREATE = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from program.models import ProgramPage

data = json.loads(os.environ["JOURNEY"])
for username, group in data["users"].items():
    user = get_user_model().objects.create_user(
        username, password=data["password"], first_name=username.title(), last_name="Test"
    )
    user.groups.add(Group.objects.get(name=group))
print("PROGRAM", ProgramPage.objects.get(locale__language_code="nb").pk)
"""


@pytest.fixture(scope="module")
def journey_url(tmp_path_factory):
    """A seeded server of this module's own, with an editor and a moderator."""
    tmp = tmp_path_factory.mktemp("dates-journey")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp / 'journey.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_initial_data")
    users = {EDITOR: "Redaktører", MODERATOR: "Moderatorer"}
    output = _manage(
        {**env, "JOURNEY": json.dumps({"users": users, "password": PASSWORD})},
        "shell",
        "-c",
        CREATE,
    )
    program_id = int(re.search(r"PROGRAM (\d+)", output).group(1))
    port = _free_port()
    log_path = tmp / "runserver.log"
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
                "--insecure",
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{url}/", process, log_path)
        yield url, program_id
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def new_page(browser, journey_url):
    """Fresh pages (each its own context: its own sign-in) on the journey's server."""
    contexts = []

    def make():
        context, page = _new_page(browser, journey_url[0], viewport={"width": 1280, "height": 800})
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


def assert_public_page_accessible(page, what):
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{what}\n{format_violations(violations)}"


def warnings(page):
    return page.locator(".messages .warning")


def field_names(page):
    """{label: field name} on the Norwegian form, step by step (answered to move on): the
    English form shares the names."""
    page.goto(NB_FORM)
    labels = [MUNICIPALITY_LABEL, *TEXT_ANSWERS, *CHECKBOXES]
    names = {}
    for _ in range(10):
        for label in labels:
            field = by_label(page, label)
            if label not in names and field.count():
                names[label] = field.get_attribute("name")
        if page.locator("button[value='send']").count() or len(names) == len(labels):
            break
        fill_by_names(page, names)
        page.locator("button[value='neste']").click()
    assert len(names) == len(labels), f"Not found: {set(labels) - set(names)}"
    return names


def fill_by_names(page, names):
    """Answer the questions of the step shown, found by their names."""
    for label, name in names.items():
        field = page.locator(f"[name='{name}']")
        if not field.count():
            continue
        if label == MUNICIPALITY_LABEL:
            field.select_option("4601")
        elif label in CHECKBOXES:
            field.check()
        else:
            field.fill(TEXT_ANSWERS[label])


def test_editor_moves_the_deadline_and_english_follows_at_once(new_page, journey_url):
    _, program_id = journey_url
    editor = new_page()
    log_in(editor, EDITOR, PASSWORD)
    editor.goto(f"/admin/pages/{program_id}/edit/")
    run_axe_on_editor(editor, "the program page's editor, as an editor")

    # A date in the text that the program does not have: a warning in Norwegian, saved all
    # the same.
    editor.locator("#id_intro").fill("Søknadsfristen er 13. mars.")
    editor.get_by_role("button", name="Lagre utkast").click()
    expect(warnings(editor)).to_contain_text("«13. mars» i feltet «Ingress»")
    expect(editor.locator(".messages .success")).to_be_visible()
    run_axe_on_editor(editor, "the program page's editor with the date warning")

    # The new deadline, and text that says it: no warning.
    editor.locator("#id_application_closes").fill(NEW_DEADLINE)
    editor.locator("#id_intro").fill(NEW_INTRO)

    editor.locator("button[data-side-panel-toggle='preview']").click()
    preview = editor.frame_locator("#w-preview-iframe")
    # The preview CSP is fixed (tests/browser/test_preview_panel.py): the frame shows the
    # page as it would be published.
    expect(preview.locator(".status")).to_contain_text(NEW_DEADLINE_NB, timeout=15_000)
    expect(preview.locator(".lead")).to_have_text(NEW_INTRO)
    run_axe_on_editor(editor, "the program page's editor with the preview panel open")

    editor.locator("footer .w-dropdown__toggle").click()
    editor.locator("button[name=action-submit]").click()
    expect(editor.locator(".messages .success")).to_contain_text("sendt til godkjenning")
    expect(warnings(editor)).to_have_count(0)

    # Not live before the moderator approves.
    visitor = new_page()
    visitor.goto(EN_PROGRAM)
    expect(visitor.locator("main")).not_to_contain_text(NEW_DEADLINE_EN)

    moderator = new_page()
    log_in(moderator, MODERATOR, PASSWORD)
    moderator.goto("/admin/")
    run_axe_on_admin(moderator, "the moderator's dashboard with a page awaiting review")
    row = moderator.locator(
        "tr", has=moderator.locator(f"a[href='/admin/pages/{program_id}/edit/']")
    )
    row.get_by_role("button", name="Handlinger").click()
    approve = row.get_by_role("button", name="Godkjenn", exact=True)
    approve.click()
    moderator.wait_for_load_state()
    expect(
        moderator.locator(f"a[href='/admin/pages/{program_id}/edit/']").filter(
            has_text="Veiledning for kulturskoleutvikling"
        )
    ).to_have_count(0)

    # English follows at once: no translator's sync, no second publish.
    visitor.goto(EN_PROGRAM)
    main = visitor.locator("main")
    expect(main).to_contain_text(f"Application deadline: {NEW_DEADLINE_EN}")
    expect(visitor.locator(".status")).to_contain_text(NEW_DEADLINE_EN)
    expect(main).not_to_contain_text("13 April 2026")
    assert_public_page_accessible(visitor, EN_PROGRAM)

    names = field_names(visitor)
    visitor.goto(EN_FORM)
    expect(visitor.locator(".status")).to_contain_text(NEW_DEADLINE_EN)
    assert_public_page_accessible(visitor, EN_FORM)
    # Step by step (issue 16), then «Send» on the summary.
    for _ in range(10):
        if visitor.locator("button[value='send']").count():
            break
        fill_by_names(visitor, names)
        visitor.locator("button[value='neste']").click()
    visitor.locator("button[value='send']").click()
    visitor.wait_for_url(re.compile(r"/kvittering/[0-9a-f]+/$"))
    expect(visitor.locator(".confirmation__reference strong")).to_have_text(
        re.compile(r"VKU-\d{4}-\d{4}")
    )
    assert visitor.evaluate("() => document.documentElement.lang") == "en"
