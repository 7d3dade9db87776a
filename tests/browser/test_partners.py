"""A joint application in Chromium: the partner municipalities chosen with the keyboard only,
by county, axe-clean on a desktop and at 390 px; then the reviewer sees the partners.

The seeded form has no «Samarbeidskommuner» field (the seed documents describe no joint
applications), so the `partners_field` fixture adds one to it in the running server's
database, with a reviewer, and removes both (and the application sent) afterwards.
"""

import json

import pytest
from playwright.sync_api import expect

from .test_application_form import (  # noqa: F401 (open_window is a fixture)
    CHECKBOXES,
    FORM_PATH,
    MUNICIPALITY,
    MUNICIPALITY_LABEL,
    TEXT_ANSWERS,
    assert_confirmation,
    by_label,
    open_window,
    run_axe,
)
from .test_review import log_in

pytestmark = pytest.mark.browser

USERNAME = "partnerbehandler"
PASSWORD = "Nettleser-test-5107"
LABEL = "Samarbeidskommuner"
# Two partners of the seeded applicant (Bergen): their county, then their name.
PARTNERS = [("Rogaland", "Stavanger"), ("Trøndelag - Trööndelage", "Trondheim - Tråante")]
MAX_TABS = 80

# Run in `manage.py shell` with the server's environment; PARTNERS_DATA is JSON.
SET_UP = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from forms.models import ApplicationFormField, ApplicationFormPage

data = json.loads(os.environ["PARTNERS_DATA"])
User = get_user_model()
User.objects.filter(username=data["username"]).delete()
user = User.objects.create_user(
    data["username"], password=data["password"], first_name="Per", last_name="Partner"
)
user.groups.add(Group.objects.get(name="Søknadsbehandlere"))
page = ApplicationFormPage.objects.get(locale__language_code="nb")
ApplicationFormField.objects.filter(page=page, field_type="partners").delete()
# Right after «Kommune», on the first step with the lead.
partners = ApplicationFormField.objects.create(
    page=page, label=data["label"], field_type="partners", required=False, sort_order=0
)
order = [f for f in page.form_fields.order_by("sort_order", "pk") if f.pk != partners.pk]
lead = next(i for i, f in enumerate(order) if f.field_type == "municipality")
order.insert(lead + 1, partners)
for number, field in enumerate(order):
    ApplicationFormField.objects.filter(pk=field.pk).update(sort_order=number)
page.refresh_from_db()
page.save_revision().publish()
print("READY")
"""

TEAR_DOWN = """
import json, os
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry
from forms.models import ApplicationFormField, ApplicationFormPage, ApplicationSubmission

data = json.loads(os.environ["PARTNERS_DATA"])
page = ApplicationFormPage.objects.get(locale__language_code="nb")
applications = ApplicationSubmission.objects.filter(partner_municipalities__isnull=False)
for application in applications.distinct():
    ModelLogEntry.objects.for_instance(application).delete()
    application.delete()
ApplicationFormField.objects.filter(page=page, field_type="partners").delete()
page.save_revision().publish()
get_user_model().objects.filter(username=data["username"]).delete()
print("DONE")
"""


@pytest.fixture(scope="module")
def partners_field(manage, open_window):  # noqa: F811
    data = json.dumps({"username": USERNAME, "password": PASSWORD, "label": LABEL})
    output = manage("shell", "-c", SET_UP, extra_env={"PARTNERS_DATA": data})
    assert "READY" in output, f"The set-up script did not finish:\n{output}"
    yield
    output = manage("shell", "-c", TEAR_DOWN, extra_env={"PARTNERS_DATA": data})
    assert "DONE" in output, f"The clean-up script did not finish:\n{output}"


def tab_to(page, describe, matches):
    """Press Tab until the focused element matches; fail after MAX_TABS presses."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(matches):
            return
    pytest.fail(f"{describe} never got the focus by Tab")


def summary_is(county):
    return f"""() => document.activeElement.tagName === 'SUMMARY'
        && document.activeElement.textContent.trim().startsWith({json.dumps(county)})"""


def checkbox_is(name):
    return f"""() => document.activeElement.type === 'checkbox'
        && document.activeElement.labels[0].textContent.trim() === {json.dumps(name)}"""


def partners_of(page):
    """The field's box (its fieldset with the legend, its help and error)."""
    return page.locator(".form-field").filter(has=page.locator("legend.ds-label", has_text=LABEL))


def choose_partners_by_keyboard(page):
    partners = partners_of(page)
    expect(partners.locator("details[open]")).to_have_count(0)
    # Start from the field before it («Kommune»).
    by_label(page, MUNICIPALITY_LABEL).focus()
    for county, name in PARTNERS:
        tab_to(page, f"The county «{county}»", summary_is(county))
        page.keyboard.press("Enter")  # opens the county
        tab_to(page, f"The checkbox «{name}»", checkbox_is(name))
        page.keyboard.press("Space")
        expect(page.get_by_role("checkbox", name=name, exact=True)).to_be_checked()
    expect(partners.locator("details[open]")).to_have_count(2)
    return partners


def no_sideways_scroll(page):
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"The page scrolls sideways at 390 px: {widths}"


def fill_this_step(page):
    """Answer the questions of the step shown, from the one-page test's answers."""
    for label, value in TEXT_ANSWERS.items():
        if by_label(page, label).count():
            by_label(page, label).fill(value)
    for label in CHECKBOXES:
        if by_label(page, label).count():
            by_label(page, label).check()


SUMMARY_HEADING = "Se over svarene før du sender"


def test_a_joint_application_chosen_by_keyboard_then_seen_by_the_reviewer(
    page, mobile_page, partners_field
):
    # On a phone: the closed counties, then two open, fit the width and pass axe.
    mobile_page.goto(FORM_PATH)
    expect(partners_of(mobile_page)).to_be_visible()
    run_axe(mobile_page, "the step with «Samarbeidskommuner», 390 px, counties closed")
    no_sideways_scroll(mobile_page)
    choose_partners_by_keyboard(mobile_page)
    run_axe(mobile_page, "the step with two counties open, 390 px")
    no_sideways_scroll(mobile_page)

    # On a desktop: the whole application, step by step, partners by keyboard.
    page.goto(FORM_PATH)
    by_label(page, MUNICIPALITY_LABEL).select_option(label=MUNICIPALITY)
    choose_partners_by_keyboard(page)
    run_axe(page, "the step with two counties open")
    summary = page.get_by_role("heading", name=SUMMARY_HEADING)
    for _ in range(10):
        fill_this_step(page)
        page.get_by_role("button", name="Neste", exact=True).click()
        page.wait_for_load_state()
        if summary.count():
            break
    expect(summary).to_be_visible()
    expect(page.locator("main")).to_contain_text("Stavanger (1103), Trondheim - Tråante (5001)")
    declaration = page.get_by_role("checkbox")
    if declaration.count():
        declaration.check()
    page.get_by_role("button", name="Send søknad").click()
    reference = assert_confirmation(page)

    # The reviewer: in the listing, and on the application.
    log_in(page, USERNAME, PASSWORD)
    page.goto(f"/admin/soknader/liste/?q={reference}")
    row = page.locator("table.listing tbody tr").filter(has_text=reference)
    expect(row).to_contain_text("Stavanger, Trondheim - Tråante")
    row.get_by_role("link", name=reference, exact=True).click()
    # In the summary of the application, and among its answers.
    partners = page.locator(f"xpath=//dt[normalize-space()='{LABEL}']/following-sibling::dd[1]")
    expect(partners.first).to_have_text(
        "Stavanger (Rogaland), Trondheim - Tråante (Trøndelag - Trööndelage)"
    )
    expect(partners.last).to_have_text("Stavanger (1103), Trondheim - Tråante (5001)")
