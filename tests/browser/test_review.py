"""A reviewer works applications in the admin («Søknader») in Chromium, and axe checks it.

The `applications` fixture creates, in the running server's database, a reviewer in the
group «Søknadsbehandlere» and three applications to the seeded Norwegian form: two new
(«Mottatt», Bergen and Oslo) and one «Under behandling» (Stavanger). It deletes them again
afterwards. The server sends e-mail with Django's locmem backend and runs tasks with
django-tasks' ImmediateBackend, so a reply letter is sent within the request that queues it.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from .test_accessibility import AXE_OPTIONS, axe, format_violations

pytestmark = pytest.mark.browser

LOGIN_PATH = "/admin/login/"
LIST_PATH = "/admin/soknader/liste/"
USERNAME = "behandler"
PASSWORD = "Nettleser-test-9031"
EMAIL = "behandler@kulturskoleradet.no"
# References of our own: the application form tests get theirs from the counter (0001, …).
BERGEN = {
    "reference": "VKU-2026-0901",
    "municipality": "4601",
    "status": "mottatt",
    "contact_name": "Kari Nordmann",
    "email": "kari.nordmann@bergen.kommune.no",
}
OSLO = {
    "reference": "VKU-2026-0902",
    "municipality": "0301",
    "status": "mottatt",
    "contact_name": "Ola Hansen",
    "email": "ola.hansen@oslo.kommune.no",
}
STAVANGER = {
    "reference": "VKU-2026-0903",
    "municipality": "1103",
    "status": "under_behandling",
    "contact_name": "Siri Berg",
    "email": "siri.berg@stavanger.kommune.no",
}
APPLICATIONS = [BERGEN, OSLO, STAVANGER]
NOTE = "Ring kulturskolelederen før vi avgjør søknaden."

# Run in `manage.py shell` with the server's environment; REVIEW_DATA is JSON with the
# user and the applications. Prints «READY» when done.
CREATE = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from forms.models import ApplicationFormPage, ApplicationSubmission, Municipality

data = json.loads(os.environ["REVIEW_DATA"])
User = get_user_model()
User.objects.filter(username=data["username"]).delete()
ApplicationSubmission.objects.filter(
    reference__in=[a["reference"] for a in data["applications"]]
).delete()
user = User.objects.create_user(
    data["username"], email=data["email"], password=data["password"],
    first_name="Berit", last_name="Behandler",
)
user.groups.add(Group.objects.get(name="Søknadsbehandlere"))
page = ApplicationFormPage.objects.get(locale__language_code="nb")
for application in data["applications"]:
    ApplicationSubmission.objects.create(
        page=page,
        reference=application["reference"],
        status=application["status"],
        municipality=Municipality.objects.get(number=application["municipality"]),
        contact_name=application["contact_name"],
        applicant_email=application["email"],
        form_data={"navn": application["contact_name"]},
        field_labels=[{"key": "navn", "label": "Navn", "type": "singleline"}],
    )
print("READY")
"""

DELETE = """
import json, os
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry
from forms.models import ApplicationSubmission

data = json.loads(os.environ["REVIEW_DATA"])
applications = ApplicationSubmission.objects.filter(
    reference__in=[a["reference"] for a in data["applications"]]
)
for application in applications:
    ModelLogEntry.objects.for_instance(application).delete()
applications.delete()
get_user_model().objects.filter(username=data["username"]).delete()
print("DELETED")
"""


@pytest.fixture(scope="module")
def applications(manage):
    """A reviewer and three applications in the server's database, removed afterwards."""
    data = json.dumps(
        {"username": USERNAME, "password": PASSWORD, "email": EMAIL, "applications": APPLICATIONS}
    )
    output = manage("shell", "-c", CREATE, extra_env={"REVIEW_DATA": data})
    assert "READY" in output, f"The set-up script did not finish:\n{output}"
    yield
    output = manage("shell", "-c", DELETE, extra_env={"REVIEW_DATA": data})
    assert "DELETED" in output, f"The clean-up script did not finish:\n{output}"


# Helpers


def log_in(page, username=USERNAME, password=PASSWORD):
    """Through the admin's sign-in form, as a person would."""
    page.goto(LOGIN_PATH)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(lambda url: LOGIN_PATH not in url)


# True once no CSS transition is running and Wagtail's messages are fully shown: they fade in
# (axe would measure their colours half-way), and may start fading a frame after the check.
# Other animations are left alone: the sidebar's «new» badge pings for 25 seconds.
SETTLED = """() => document.getAnimations().every(
    (animation) =>
        animation.playState !== "running" ||
        !(animation instanceof CSSTransition || animation.effect?.target?.closest?.(".messages"))
) && [...document.querySelectorAll(".messages, .messages *")].every(
    (element) => getComputedStyle(element).opacity === "1"
)"""


def run_axe(page, what):
    """axe-core on the whole admin page, Wagtail's own chrome included."""
    # The admin's stylesheet must have loaded, or the contrast checks test unstyled HTML
    # (Wagtail's skip link is positioned only by its CSS).
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('.skiplink')).position")
        != "static"
    ), f"{what}: the admin's CSS did not load"
    # Wagtail fades its messages in (opacity, 0.5 s): halfway, white on a paler green fails
    # the contrast check (4.09:1) that the finished message passes (4.51:1).
    page.wait_for_function(SETTLED)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{what}\n{format_violations(violations)}"


def listing(page):
    return page.locator("table.listing tbody")


def success_message(page):
    return page.locator(".messages .success")


def section(page, heading):
    """A section of the application page (a <section> labelled by its heading)."""
    return page.get_by_role("region", name=heading, exact=True)


def value_of(region, term):
    """The <dd> that follows the <dt> `term` in a description list."""
    return region.locator(f"xpath=.//dt[normalize-space()='{term}']/following-sibling::dd[1]")


def change_status(page, label):
    page.get_by_label("Ny status").select_option(label=label)
    page.get_by_role("button", name="Endre status").click()
    expect(success_message(page)).to_contain_text(
        f"Status for {BERGEN['reference']} er nå «{label}»."
    )


# Tests


def test_reviewer_filters_reads_notes_decides_and_replies(page, applications):
    log_in(page)
    # «Søknader» in the admin menu.
    page.locator("#wagtail-sidebar").get_by_role("link", name="Søknader").click()
    page.wait_for_url(f"**{LIST_PATH}")
    for application in APPLICATIONS:
        expect(listing(page)).to_contain_text(application["reference"])
    run_axe(page, "the listing")

    # Only the new ones, with the listing's own filter (it reloads the results in place).
    # The filter menu's button (its label, «Show filters», is not in Wagtail's Norwegian).
    page.locator("#filters-drilldown [data-w-dropdown-target=toggle]").click()
    page.locator("button[aria-controls=drilldown-id_status]").click()
    page.get_by_label("Status", exact=True).select_option(label="Mottatt")
    page.wait_for_url(re.compile(r"[?&]status=mottatt(&|$)"))
    expect(listing(page)).not_to_contain_text(STAVANGER["reference"])
    expect(listing(page)).to_contain_text(BERGEN["reference"])
    expect(listing(page)).to_contain_text(OSLO["reference"])
    page.keyboard.press("Escape")  # close the filter menu
    run_axe(page, "the listing filtered to «Mottatt»")

    # The Bergen application.
    listing(page).get_by_role("link", name=BERGEN["reference"], exact=True).click()
    page.wait_for_url(re.compile(rf"{LIST_PATH}inspect/\d+/$"))
    summary = section(page, "Søknaden")
    expect(value_of(summary, "Referanse")).to_have_text(BERGEN["reference"])
    expect(value_of(summary, "Status")).to_have_text("Mottatt")
    answers = section(page, "Svar")
    expect(answers.locator("dt")).to_have_text(["Navn"])
    expect(value_of(answers, "Navn")).to_have_text(BERGEN["contact_name"])
    run_axe(page, "the application page")

    # An internal note.
    page.get_by_label("Nytt internt notat").fill(NOTE)
    page.get_by_role("button", name="Lagre notat").click()
    expect(success_message(page)).to_contain_text("Notatet er lagret.")
    notes = section(page, "Interne notater")
    expect(notes.locator(".application-note")).to_have_count(1)
    expect(notes.locator(".application-note")).to_contain_text(NOTE)

    # Into review, then granted.
    change_status(page, "Under behandling")
    change_status(page, "Innvilget")
    expect(value_of(section(page, "Søknaden"), "Status")).to_have_text("Innvilget")
    history = section(page, "Historikk")
    expect(history).to_contain_text("Status endret fra «Mottatt» til «Under behandling»")
    expect(history).to_contain_text("Status endret fra «Under behandling» til «Innvilget»")
    expect(history).to_contain_text("Internt notat lagt til")

    # The reply letter: sent at once (locmem e-mail, immediate tasks) and listed as sent.
    reply = section(page, "Svarbrev")
    expect(reply.locator(".reply-letter-preview")).to_contain_text(BERGEN["reference"])
    reply.get_by_role("button", name="Send svarbrev").click()
    expect(success_message(page)).to_contain_text(f"Svarbrevet sendes til {BERGEN['email']}.")
    reply = section(page, "Svarbrev")
    sent = reply.locator("xpath=.//h3[normalize-space()='Sendt']/following-sibling::ul[1]/li")
    expect(sent).to_have_count(1)
    expect(sent).to_contain_text(f"Innvilget – {BERGEN['email']} – Berit Behandler")
    expect(sent).not_to_contain_text("Ikke sendt")
    expect(reply).to_contain_text("Søknaden har allerede fått svarbrev for denne avgjørelsen.")
    expect(section(page, "Historikk")).to_contain_text(f"Svarbrev sendt til {BERGEN['email']}")
    run_axe(page, "the application page, granted, with a note and a sent letter")
