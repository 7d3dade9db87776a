"""After the decision, on a phone (issue 18, «Done means»): a granted municipality opens its
status link, reads the timeline and the conditions, accepts (an empty name first: the error
summary and the field's error), later follows «Lever rapporten», sends its report and sees
«Rapport levert»; the staff publish the round's results, and the public results page lists
the municipality. axe-core on every state of the status page and on the results page; no
sideways scrolling anywhere.

The `journey` fixture sets the scene in the running server's database: the seeded
Norwegian form asks for acceptance, a report form with one text field is placed under it,
and Bergen's application is granted with its grant letter sent through the one mail path.
Everything is put back afterwards."""

import json
import re

import pytest
from playwright.sync_api import expect

from .scripted_data import scripted_data
from .test_accessibility import AXE_OPTIONS, axe, format_violations

pytestmark = pytest.mark.browser

REFERENCE = "VKU-2026-0971"
CONDITIONS = "Kommunen stiller med en prosjektleder og leverer rapport innen fristen."
REPORT_TEXT = "Vi har startet tre nye kulturskoletilbud og fått en kommunegruppe."
DATA = json.dumps({"reference": REFERENCE, "conditions": CONDITIONS})

# Run in `manage.py shell` with the server's environment and JOURNEY (JSON). Prints the
# status page's path after «PATHS ».
CREATE = """
import datetime, json, os
from django.utils import timezone
from applications.reply_letters import REPLY_LETTER, queue_reply_letters
from forms.models import (
    ApplicationFormField, ApplicationFormPage, ApplicationSubmission, Municipality, ReplyLetter,
)
from forms.status_links import status_url
from website import outgoing_mail

data = json.loads(os.environ["JOURNEY"])
ApplicationSubmission.objects.filter(reference=data["reference"]).delete()
page = ApplicationFormPage.objects.get(locale__language_code="nb", form_kind="soknad")
page.acceptance_required = True
page.acceptance_conditions = data["conditions"]
page.acceptance_days = 30
page.save_revision().publish()
report_form = ApplicationFormPage(
    title="Rapport", slug="rapport-etter-programmet", form_kind="rapport",
    reference_prefix="RAP", to_address=page.to_address, from_address=page.from_address,
    subject="Ny rapport", report_due=timezone.localdate() + datetime.timedelta(days=120),
)
page.add_child(instance=report_form)
ApplicationFormField.objects.create(
    page=report_form, label="Hva har kommunen gjort i programmet?", field_type="multiline",
    required=True, sort_order=1,
)
report_form.save_revision().publish()
granted = ApplicationSubmission.objects.create(
    page=page, reference=data["reference"], municipality=Municipality.objects.get(number="4601"),
    contact_name="Kari Nordmann", applicant_email="kari@bergen.kommune.no",
    form_data={"navn": "Kari Nordmann"},
    field_labels=[{"key": "navn", "label": "Navn", "type": "singleline"}],
    status="innvilget",
)
queue_reply_letters([granted], None)
for letter in ReplyLetter.objects.unsent().filter(submission=granted):
    outgoing_mail.send(REPLY_LETTER, letter.pk)
granted.refresh_from_db()
assert granted.reply_letter_sent(), "the grant letter did not go"
print("PATHS " + json.dumps({"status": "/" + status_url(granted).split("/", 3)[3]}))
"""

PUBLISH = """
from wagtail.models import Site
from applications.results import publish_results
from forms.models import ApplicationFormPage
page = ApplicationFormPage.objects.get(locale__language_code="nb", form_kind="soknad")
results = publish_results(page, None)
print("RESULTS " + results.relative_url(Site.objects.get(is_default_site=True)))
"""

DELETE = """
import json, os
from wagtail.models import ModelLogEntry
from applications.results_page import ResultsPage
from forms.models import ApplicationDraft, ApplicationFormPage, ApplicationSubmission

data = json.loads(os.environ["JOURNEY"])
page = ApplicationFormPage.objects.get(locale__language_code="nb", form_kind="soknad")
for child in page.get_children().specific():
    ApplicationDraft.objects.filter(page=child).delete()
    for application in ApplicationSubmission.objects.filter(page=child):
        ModelLogEntry.objects.for_instance(application).delete()
        application.delete()
    child.delete()
for application in ApplicationSubmission.objects.filter(reference=data["reference"]):
    ModelLogEntry.objects.for_instance(application).delete()
    application.delete()
page.refresh_from_db()
page.acceptance_required = False
page.acceptance_conditions = ""
page.save_revision().publish()
print("DELETED")
"""


@pytest.fixture(scope="module")
def journey(manage):
    yield from scripted_data(manage, CREATE, DELETE, "JOURNEY", DATA)


def check_page(page, what):
    """axe-core clean, and nothing wider than the phone's screen."""
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{what}\n{format_violations(violations)}"
    # Against the phone's own width: a mobile browser zooms out to fit a wider page, so
    # innerWidth grows with the overflow and would always agree.
    screen = page.viewport_size["width"]
    width, inner = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width <= screen and inner <= screen, f"{what}: {width}px wide on a {screen}px screen"


def test_a_granted_municipality_accepts_reports_and_is_published(mobile_page, journey, manage):
    page = mobile_page
    page.goto(journey["status"])

    # Awaiting acceptance: the next action, the timeline with its dates, the conditions.
    expect(page.get_by_role("heading", name="Hva må kommunen gjøre nå?")).to_be_visible()
    expect(page.locator(".next-action")).to_contain_text(
        re.compile(r"Kommunen må akseptere tilsagnet innen \d+\. \w+ \d{4}\.")
    )
    timeline = page.locator("ol.timeline")
    expect(timeline.locator("li")).to_have_count(5)
    expect(timeline.locator("li[aria-current=step]")).to_contain_text("Aksept av tilsagnet")
    expect(timeline.locator("li").nth(2)).to_contain_text("Innvilget")
    expect(timeline.locator("time").first).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?[+-]\d\d:\d\d$")
    )
    expect(page.get_by_text(CONDITIONS)).to_be_visible()
    check_page(page, "the status page awaiting acceptance")

    # An empty name: the summary, focused, and the error beside the field; the role stays.
    page.get_by_label(re.compile("^Rolle")).fill("Kommunalsjef")
    page.get_by_label(re.compile("aksepterer vilkårene")).check()
    page.get_by_role("button", name=re.compile("Aksepter")).click()
    page.wait_for_load_state()
    assert page.title().startswith("Feil: ")
    summary = page.locator("#feiloppsummering")
    expect(summary.get_by_role("heading", level=2)).to_have_text("Tilsagnet ble ikke akseptert")
    page.wait_for_function("() => document.activeElement.id === 'feiloppsummering'")
    name = page.get_by_label(re.compile("^Navn"))
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(re.compile("^Rolle"))).to_have_value("Kommunalsjef")
    check_page(page, "the status page with the acceptance error")
    summary.get_by_role("link").first.click()
    expect(name).to_be_focused()

    # Then correctly: accepted, and the report is next.
    name.fill("Ola Nordmann")
    page.get_by_label(re.compile("aksepterer vilkårene")).check()
    page.get_by_role("button", name=re.compile("Aksepter")).click()
    page.wait_for_load_state()
    assert not page.title().startswith("Feil")
    expect(page.locator("main")).to_contain_text("Akseptert")
    expect(page.locator(".next-action")).to_contain_text(re.compile(r"Lever rapporten innen"))
    check_page(page, "the status page, accepted")

    # Later: «Lever rapporten», the report sent, and the status page says so.
    page.get_by_role("link", name="Lever rapporten").click()
    page.wait_for_load_state()
    check_page(page, "the report form")
    page.get_by_label(re.compile("Hva har kommunen gjort")).fill(REPORT_TEXT)
    page.get_by_role("button", name=re.compile("^Send")).click()
    page.wait_for_load_state()
    page.goto(journey["status"])
    expect(page.locator("main")).to_contain_text("Rapport levert")
    expect(page.locator("ol.timeline li").last).to_contain_text("Rapport levert")
    check_page(page, "the status page, report delivered")

    # The staff publish the round: the public results page lists Bergen, and no person.
    output = manage("shell", "-c", PUBLISH)
    found = re.search(r"RESULTS (\S+)", output)
    assert found, f"The results were not published:\n{output}"
    page.goto(found.group(1))
    expect(page.locator("main")).to_contain_text("Bergen")
    expect(page.locator("main")).not_to_contain_text("Kari Nordmann")
    expect(page.locator("main")).not_to_contain_text("Ola Nordmann")
    check_page(page, "the results page")
