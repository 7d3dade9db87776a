"""What a moderator and a reviewer who edits see of an application form page, in Chromium.

The moderator sees where applications are announced, read-only, and nothing about the
applications themselves, also when he opens Wagtail's own submission views by address. A
reviewer who edits can change the address and follows the editor's link to the form's
applications in «Søknader». axe checks the editor as each of them sees it.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from .test_accessibility import AXE_OPTIONS, axe, format_violations
from .test_review import SETTLED, log_in

pytestmark = pytest.mark.browser

PASSWORD = "Nettleser-grenser-4417"
MODERATOR = "moderator-nett"
REVIEWING_EDITOR = "redaktor-behandler"
REFERENCE = "VKU-2026-0951"
RECIPIENT = "post@kulturskoleradet.no"  # the seeded form page's notification address

CREATE = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from forms.models import ApplicationFormPage, ApplicationSubmission, Municipality

data = json.loads(os.environ["BOUNDARY_DATA"])
User = get_user_model()
User.objects.filter(username__in=data["users"]).delete()
ApplicationSubmission.objects.filter(reference=data["reference"]).delete()
for username, groups in data["users"].items():
    user = User.objects.create_user(username, password=data["password"])
    user.groups.add(*Group.objects.filter(name__in=groups))
page = ApplicationFormPage.objects.get(locale__language_code="nb")
ApplicationSubmission.objects.create(
    page=page, reference=data["reference"], municipality=Municipality.objects.get(number="4601"),
    contact_name="Kari Nordmann", applicant_email="kari@bergen.kommune.no",
    form_data={"navn": "Kari Nordmann"},
    field_labels=[{"key": "navn", "label": "Navn", "type": "singleline"}],
)
print("PAGE", page.pk)
"""

DELETE = """
import json, os
from django.contrib.auth import get_user_model
from forms.models import ApplicationSubmission

data = json.loads(os.environ["BOUNDARY_DATA"])
ApplicationSubmission.objects.filter(reference=data["reference"]).delete()
get_user_model().objects.filter(username__in=data["users"]).delete()
print("DELETED")
"""


# Wagtail 8's own editor has three known axe findings that are not ours: Draftail's text
# boxes have no accessible name, the minimap's scrolling list is not focusable, and the date
# picker it vendors (jQuery datetimepicker, which may be left open while the preview panel
# opens) has arrow buttons without names. Everything else on the page is checked.
WAGTAIL_EDITOR_KNOWN = {
    "exclude": [[".public-DraftEditor-content"], [".w-minimap__list"], [".xdsoft_datetimepicker"]]
}


def run_axe_on_editor(page, what):
    page.wait_for_function(SETTLED)
    violations = axe.run(page, context=WAGTAIL_EDITOR_KNOWN, options=AXE_OPTIONS).response[
        "violations"
    ]
    assert not violations, f"{what}\n{format_violations(violations)}"


@pytest.fixture(scope="module")
def form_page_id(manage):
    """A moderator, a reviewer who edits and one application; the form page's id."""
    data = json.dumps(
        {
            "password": PASSWORD,
            "reference": REFERENCE,
            "users": {
                MODERATOR: ["Moderatorer"],
                REVIEWING_EDITOR: ["Redaktører", "Søknadsbehandlere"],
            },
        }
    )
    output = manage("shell", "-c", CREATE, extra_env={"BOUNDARY_DATA": data})
    found = re.search(r"PAGE (\d+)", output)
    assert found, f"The set-up script did not finish:\n{output}"
    yield int(found.group(1))
    output = manage("shell", "-c", DELETE, extra_env={"BOUNDARY_DATA": data})
    assert "DELETED" in output, f"The clean-up script did not finish:\n{output}"


def test_moderator_sees_the_notification_address_read_only_and_no_applications(page, form_page_id):
    log_in(page, MODERATOR, PASSWORD)
    page.goto(f"/admin/pages/{form_page_id}/edit/")
    read_only_note = page.get_by_text("Bare søknadsbehandlere kan endre denne adressen.")
    expect(read_only_note.first).to_be_visible()
    expect(page.get_by_text(RECIPIENT).first).to_be_visible()
    expect(page.locator("input[name=to_address], input[name=from_address]")).to_have_count(0)
    content = page.content()
    assert REFERENCE not in content
    assert "/admin/forms/submissions/" not in content
    expect(page.get_by_role("link", name=re.compile("Se søknadene"))).to_have_count(0)
    run_axe_on_editor(page, "the form page's editor, as a moderator")

    # Wagtail's own submission listing, opened by its address, shows him no application.
    page.goto(f"/admin/forms/submissions/{form_page_id}/")
    assert REFERENCE not in page.content()
    assert "/admin/forms/submissions/" not in page.url


def test_reviewing_editor_changes_the_address_and_follows_the_link_to_the_applications(
    page, form_page_id
):
    log_in(page, REVIEWING_EDITOR, PASSWORD)
    page.goto(f"/admin/pages/{form_page_id}/edit/")
    expect(page.locator("input[name=to_address]")).to_have_value(RECIPIENT)
    run_axe_on_editor(page, "the form page's editor, as a reviewer who edits")

    page.get_by_role("link", name=re.compile("Se søknadene til dette skjemaet")).click()
    page.wait_for_url(re.compile(r"/admin/soknader/liste/\?page=\d+"))
    expect(page.locator("table.listing tbody")).to_contain_text(REFERENCE)


def test_editor_is_told_next_to_the_letter_of_a_placeholder_that_cannot_be_filled_in(
    page, form_page_id
):
    """The reply letters are one row per decision (an inline panel): a wrong placeholder is
    refused by the row's own field, in Norwegian, and what the editor wrote stays."""
    log_in(page, REVIEWING_EDITOR, PASSWORD)
    page.goto(f"/admin/pages/{form_page_id}/edit/")
    body = page.locator("textarea[name='reply_letter_texts-0-body']")
    expect(body).to_have_count(1)
    written = "Hei {kontaktperson},\n\nVelkommen, {ukjent}."
    body.fill(written)
    page.get_by_role("button", name="Lagre utkast").click()
    page.wait_for_load_state()

    body = page.locator("textarea[name='reply_letter_texts-0-body']")
    expect(body).to_have_value(written)
    field = page.locator("[data-field-wrapper]", has=body)
    expect(field).to_contain_text("Ukjent felt: {ukjent}.")
    run_axe_on_editor(page, "the form page's editor, a reply letter with an error")
