"""After sending, in Chromium (issue 16 items 3, 7, 8, 9): the confirmation page with the
status link to copy, the withdraw form's error summary, the withdrawal with its two e-mails,
the printable copy, and the decision; axe at desktop and phone sizes.

The `applications` fixture stores three applications to the seeded Norwegian form in the
running server's database (not through the form, which the steps change): one to read and
print, one to withdraw, one decided with its reply letter sent. The server sends e-mail with
Django's locmem backend inside its own process, so the two withdrawal e-mails are checked
where the one mail path records them: the row's «sent» markers, set only once the mail went.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from .scripted_data import scripted_data
from .test_accessibility import AXE_OPTIONS, axe, format_violations

pytestmark = pytest.mark.browser

READ, WITHDRAW, DECIDED = "VKU-2026-0951", "VKU-2026-0952", "VKU-2026-0953"
EMAIL = "kari.nordmann@bergen.kommune.no"

# Run in `manage.py shell` with the server's environment and DATA (JSON: references, email,
# decided). CREATE prints the applications' paths (confirmation, status page, printable
# copy) as JSON after «PATHS ».
DATA = json.dumps({"references": [READ, WITHDRAW, DECIDED], "email": EMAIL, "decided": DECIDED})
CREATE = """
import json, os
from django.core.files.base import ContentFile
from django.utils import timezone
from forms.models import (
    ApplicationAttachment, ApplicationFormPage, ApplicationSubmission, Municipality, ReplyLetter,
)
from forms.status_links import print_url, status_url

data = json.loads(os.environ["DATA"])
REFERENCES = data["references"]
ApplicationSubmission.objects.filter(reference__in=REFERENCES).delete()
page = ApplicationFormPage.objects.get(locale__language_code="nb")
labels = [
    {"key": "kommunen", "label": "Kommunen", "type": "section"},
    {"key": "navn", "label": "Navn", "type": "singleline"},
    {"key": "hvorfor", "label": "Hvorfor søker dere?", "type": "multiline"},
]
paths = {}


def path(url):
    return "/" + url.split("/", 3)[3]


for reference in REFERENCES:
    submission = ApplicationSubmission.objects.create(
        page=page, reference=reference, municipality=Municipality.objects.get(number="4601"),
        contact_name="Kari Nordmann", applicant_email=data["email"],
        form_data={"navn": "Kari Nordmann", "hvorfor": "Et sterkere lærerkollegium."},
        field_labels=labels,
    )
    attachment = ApplicationAttachment(
        submission=submission, field_key="vedlegg", original_name="budsjett.pdf",
        content_type="application/pdf", size=9,
    )
    attachment.file.save("budsjett.pdf", ContentFile(b"%PDF-1.4\\n"), save=True)
    paths[reference] = {
        "confirmation": page.url + page.reverse_subpage(
            "confirmation", args=[submission.submission_token.hex]
        ),
        "status": path(status_url(submission)),
        "print": path(print_url(submission)),
    }
decided = ApplicationSubmission.objects.get(reference=data["decided"])
decided.status = "innvilget"
decided.save()
ReplyLetter.objects.create(
    submission=decided, decision="innvilget", recipient=decided.applicant_email,
    subject="Svar", body="Svar", sent_at=timezone.now(),
)
print("PATHS " + json.dumps(paths))
"""

MAIL_STATE = """
import json, os
from forms.models import ApplicationSubmission
s = ApplicationSubmission.objects.get(reference=json.loads(os.environ["DATA"])["references"][1])
errors = s.withdrawal_receipt_error + s.withdrawal_notice_error
print("MAIL", s.status, bool(s.withdrawn_at), bool(s.withdrawal_receipt_sent_at),
      bool(s.withdrawal_notice_sent_at), repr(errors))
"""

DELETE = """
import json, os
from wagtail.models import ModelLogEntry
from forms.models import ApplicationSubmission
references = json.loads(os.environ["DATA"])["references"]
for application in ApplicationSubmission.objects.filter(reference__in=references):
    ModelLogEntry.objects.for_instance(application).delete()
    application.delete()
print("DELETED")
"""


@pytest.fixture(scope="module")
def paths(manage):
    yield from scripted_data(manage, CREATE, DELETE, "DATA", DATA)


def run_axe(page, what):
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{what}\n{format_violations(violations)}"


def heading_in_view(page, selector):
    return page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
        }""",
        selector,
    )


@pytest.fixture(params=["page", "mobile_page"], ids=["desktop", "phone"])
def any_page(request):
    return request.getfixturevalue(request.param)


def test_the_confirmation_shows_the_status_link_to_copy(any_page, paths):
    page = any_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(paths[READ]["confirmation"])
    expect(page.locator(".confirmation__reference strong")).to_have_text(READ)
    expect(page.locator(".confirmation")).to_contain_text(f"Kvitteringen sendes til {EMAIL}.")
    link = page.get_by_label("Din personlige lenke til status for søknaden")
    expect(link).to_have_attribute("readonly", "")
    assert link.input_value().endswith(paths[READ]["status"])
    run_axe(page, "the confirmation page")

    # The script shows «Kopier lenken»; it copies the link and says so.
    page.get_by_role("button", name="Kopier lenken").click()
    expect(page.get_by_role("status")).to_have_text("Lenken er kopiert.")
    assert page.evaluate("() => navigator.clipboard.readText()") == link.input_value()
    run_axe(page, "the confirmation page, link copied")


def test_an_unconfirmed_withdrawal_shows_a_focused_error_summary(any_page, paths):
    page = any_page
    page.goto(paths[READ]["status"])
    page.get_by_role("button", name="Trekk søknaden").click()
    page.wait_for_load_state()
    assert page.title().startswith("Feil: ")
    summary = page.locator("#feiloppsummering")
    expect(summary.get_by_role("heading", level=2)).to_have_text("Søknaden ble ikke trukket")
    page.wait_for_function("() => document.activeElement.id === 'feiloppsummering'")
    assert heading_in_view(page, "#error-summary-title")
    run_axe(page, "the status page with the withdraw error")

    # The summary's link goes to the checkbox; nothing was withdrawn.
    summary.get_by_role("link").click()
    expect(page.get_by_label("Ja, trekk søknaden")).to_be_focused()
    expect(page.locator(".status")).to_contain_text("Søknaden er mottatt")


def test_the_printable_copy(any_page, paths):
    page = any_page
    page.goto(paths[READ]["status"])
    page.get_by_role("link", name="Utskriftsvennlig kopi av søknaden").click()
    page.wait_for_url(re.compile(r"/utskrift/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Søknad {READ}")
    copy = page.locator(".application-as-sent")
    expect(copy).to_contain_text("Bergen")
    expect(copy.get_by_role("heading", name="Kommunen")).to_be_visible()
    expect(copy).to_contain_text("Et sterkere lærerkollegium.")
    expect(copy).to_contain_text("budsjett.pdf (9 byte)")
    expect(copy.get_by_role("link")).to_have_count(0)  # no download for the public
    expect(page.get_by_role("button", name="Skriv ut")).to_be_visible()
    run_axe(page, "the printable copy")

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("button", name="Skriv ut")).to_be_hidden()
    expect(copy).to_be_visible()


def test_the_applicant_withdraws_and_both_emails_go(page, paths, manage):
    page.goto(paths[WITHDRAW]["status"])
    page.get_by_label("Ja, trekk søknaden").check()
    page.get_by_role("button", name="Trekk søknaden").click()
    page.wait_for_load_state()
    expect(page.locator(".status")).to_contain_text("Søknaden er trukket.")
    expect(page.locator(".status")).to_contain_text(re.compile(r"Trukket \d"))
    expect(page.get_by_role("button", name="Trekk søknaden")).to_have_count(0)
    assert not page.title().startswith("Feil")
    run_axe(page, "the status page after withdrawal")

    state = next(
        line
        for line in manage("shell", "-c", MAIL_STATE, extra_env={"DATA": DATA}).splitlines()
        if "MAIL" in line
    )
    assert state == "MAIL trukket True True True ''", state


def test_after_the_decision_letter_the_decision_shows_and_withdrawal_is_gone(any_page, paths):
    page = any_page
    page.goto(paths[DECIDED]["status"])
    expect(page.locator(".status")).to_contain_text("Avgjørelse: Innvilget")
    expect(page.locator(".status")).to_contain_text("Svarbrevet ble sendt")
    expect(page.get_by_role("heading", name="Trekke søknaden")).to_have_count(0)
    run_axe(page, "the status page with a decision")
