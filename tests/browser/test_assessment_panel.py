"""The assessment panel in Chromium (issue 17): the round's owner assigns two outside
assessors to two applications; each declares and scores; one declares himself partial on
one of them; the owner opens the ranking, marks the proposal and turns it into decisions
with the listing's bulk status action. axe checks every new admin view on the way.

The seeded form «Søknad om deltakelse …» has four criteria (scale 1–6, weight 1), so an
assessment's weighted average is the mean of its four scores.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from .test_accessibility import AXE_OPTIONS, axe, format_violations
from .test_review import log_in, run_axe, success_message

pytestmark = pytest.mark.browser

PASSWORD = "Nettleser-panel-5520"
OWNER = "panel-eier"
ANNA = "anna-vurderer"
BJORN = "bjorn-vurderer"
BERGEN = {"reference": "VKU-2026-0961", "municipality": "4601"}
TROMSO = {"reference": "VKU-2026-0962", "municipality": "5501"}
LIST_PATH = "/admin/soknader/liste/"

CREATE = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from forms.models import ApplicationFormPage, ApplicationSubmission, Municipality

data = json.loads(os.environ["PANEL_DATA"])
User = get_user_model()
User.objects.filter(username__in=data["users"]).delete()
ApplicationSubmission.objects.filter(reference__in=data["references"]).delete()
for username, (first, last, group) in data["users"].items():
    user = User.objects.create_user(
        username, email=f"{username}@example.no", password=data["password"],
        first_name=first, last_name=last,
    )
    user.groups.add(Group.objects.get(name=group))
page = ApplicationFormPage.objects.get(locale__language_code="nb")
for reference, number in data["applications"]:
    ApplicationSubmission.objects.create(
        page=page, reference=reference, municipality=Municipality.objects.get(number=number),
        contact_name="Kari Nordmann", applicant_email="kari@example.kommune.no",
        form_data={"motivasjon": "Vi vil utvikle kulturskolen."},
        field_labels=[{"key": "motivasjon", "label": "Motivasjon", "type": "multiline"}],
    )
print("PAGE", page.pk, page.assessment_criteria.count())
"""

DELETE = """
import json, os
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry
from applications.models import AssessmentRound
from forms.models import ApplicationSubmission

data = json.loads(os.environ["PANEL_DATA"])
applications = ApplicationSubmission.objects.filter(reference__in=data["references"])
for application in applications:
    ModelLogEntry.objects.for_instance(application).delete()
applications.delete()
AssessmentRound.objects.filter(owner__username__in=data["users"]).delete()
get_user_model().objects.filter(username__in=data["users"]).delete()
print("DELETED")
"""


@pytest.fixture(scope="module")
def panel(manage):
    data = json.dumps(
        {
            "password": PASSWORD,
            "users": {
                OWNER: ["Olav", "Eier", "Søknadsbehandlere"],
                ANNA: ["Anna", "Aas", "Eksterne fagvurderere"],
                BJORN: ["Bjørn", "Berg", "Eksterne fagvurderere"],
            },
            "applications": [
                [BERGEN["reference"], BERGEN["municipality"]],
                [TROMSO["reference"], TROMSO["municipality"]],
            ],
            "references": [BERGEN["reference"], TROMSO["reference"]],
        }
    )
    output = manage("shell", "-c", CREATE, extra_env={"PANEL_DATA": data})
    found = re.search(r"PAGE (\d+) (\d+)", output)
    assert found, f"The set-up script did not finish:\n{output}"
    assert int(found.group(2)) == 4, "the seeded form should have four criteria"
    yield int(found.group(1))
    output = manage("shell", "-c", DELETE, extra_env={"PANEL_DATA": data})
    assert "DELETED" in output, f"The clean-up script did not finish:\n{output}"


def row_of(page, reference):
    return page.locator("table.listing tbody tr").filter(has_text=reference)


def select_in_listing(page, *references):
    for reference in references:
        row_of(page, reference).locator("input[type=checkbox]").check()


def bulk_action(page, name):
    # The footer's links are named by their aria-label («… for de valgte søknadene»).
    page.locator("[data-bulk-action-footer] a", has_text=name).click()


def declare(page, reference, partial=False, reason=""):
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Habilitet: {reference}")
    run_axe(page, f"the declaration of {reference}")
    page.get_by_label("Jeg er inhabil" if partial else "Jeg er ikke inhabil", exact=True).check()
    if reason:
        page.get_by_label(re.compile("Begrunnelse")).fill(reason)
    page.get_by_role("button", name="Send erklæringen").click()


def criteria_fieldsets(page):
    return page.locator("fieldset.assessment-criterion")


def give_scores(page, scores, justification):
    fieldsets = criteria_fieldsets(page)
    expect(fieldsets).to_have_count(len(scores))
    for index, score in enumerate(scores):
        fieldset = fieldsets.nth(index)
        fieldset.get_by_label(str(score), exact=True).check()
        fieldset.get_by_role("textbox").fill(f"{justification} ({index + 1})")


def test_two_assessors_score_one_is_partial_and_the_owner_turns_the_ranking_into_decisions(
    browser, base_url, panel
):
    def person(username):
        context = browser.new_context(
            base_url=base_url, locale="nb-NO", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        log_in(page, username, PASSWORD)
        return context, page

    # The owner assigns both assessors to both applications from the listing.
    owner_context, owner = person(OWNER)
    owner.goto(f"{LIST_PATH}?q=VKU-2026-096")
    select_in_listing(owner, BERGEN["reference"], TROMSO["reference"])
    bulk_action(owner, "Tildel fagvurderere")
    expect(owner.get_by_role("heading", level=1)).to_contain_text("Tildel fagvurderere")
    run_axe(owner, "the bulk action «Tildel fagvurderere»")
    owner.get_by_label("Anna Aas").check()
    owner.get_by_label("Bjørn Berg").check()
    owner.get_by_label(re.compile("Alle valgte")).check()
    owner.get_by_role("button", name="Tildel fagvurderere").click()
    expect(success_message(owner)).to_be_visible()

    # Anna: «Mine vurderinger», declares and delivers both.
    anna_context, anna = person(ANNA)
    anna.locator("#wagtail-sidebar").get_by_role("link", name="Mine vurderinger").click()
    expect(anna.get_by_text("0 av 2 levert")).to_have_count(2)  # the round and the total
    run_axe(anna, "«Mine vurderinger»")
    declare(anna, BERGEN["reference"])
    expect(anna.get_by_role("heading", name="Din vurdering")).to_be_visible()
    expect(anna.get_by_text("Vi vil utvikle kulturskolen.")).to_be_visible()
    expect(anna.get_by_text("kari@example.kommune.no")).to_have_count(0)  # no contact details
    run_axe(anna, "the assessment form")
    # Delivering with a criterion unscored: errors by the field and in the summary, kept.
    give_scores(anna, [6, 5, 6, 5], "Sterk søknad")
    criteria_fieldsets(anna).nth(3).locator("input[type=radio]:checked").evaluate(
        "radio => { radio.checked = false; }"
    )
    anna.get_by_role("button", name="Lever vurdering").click()
    expect(anna.locator(".error-message").first).to_be_visible()
    expect(criteria_fieldsets(anna).nth(0).get_by_label("6", exact=True)).to_be_checked()
    run_axe(anna, "the assessment form with errors")
    criteria_fieldsets(anna).nth(3).get_by_label("5", exact=True).check()
    anna.get_by_role("button", name="Lever vurdering").click()
    expect(anna.get_by_text(re.compile("Vurderingen kan ikke endres"))).to_be_visible()
    # Nobody else has delivered on it yet.
    expect(anna.get_by_text("Ingen andre har levert ennå.")).to_be_visible()
    run_axe(anna, "a delivered assessment")
    anna.get_by_role("link", name="Vurderingsskjema for utskrift").click()
    expect(anna.get_by_text("Sterk søknad (1)")).to_be_visible()
    # A page of its own for printing, without the admin's chrome.
    violations = axe.run(anna, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"the printable sheet\n{format_violations(violations)}"
    anna.go_back()

    anna.locator("#wagtail-sidebar").get_by_role("link", name="Mine vurderinger").click()
    declare(anna, TROMSO["reference"])
    give_scores(anna, [3, 3, 2, 4], "Middels")
    anna.get_by_role("button", name="Lever vurdering").click()
    expect(anna.get_by_text(re.compile("Vurderingen kan ikke endres"))).to_be_visible()
    anna.locator("#wagtail-sidebar").get_by_role("link", name="Mine vurderinger").click()
    expect(anna.get_by_text("2 av 2 levert")).to_have_count(2)

    # Bjørn tells in his profile that he has ties to Bergen: the application is flagged.
    bjorn_context, bjorn = person(BJORN)
    bjorn.goto("/admin/account/")
    bjorn.get_by_label("Kommuner jeg har tilknytning til").select_option(label="Bergen (Vestland)")
    run_axe(bjorn, "the account settings with «Habilitet»")
    bjorn.get_by_role("button", name=re.compile("Lagre")).click()
    expect(success_message(bjorn)).to_be_visible()
    bjorn.locator("#wagtail-sidebar").get_by_role("link", name="Mine vurderinger").click()
    expect(row_of(bjorn, BERGEN["reference"])).to_contain_text("Mulig inhabil")
    expect(row_of(bjorn, TROMSO["reference"])).not_to_contain_text("Mulig inhabil")
    # He is partial on Bergen, and then cannot open it.
    declare(bjorn, BERGEN["reference"], partial=True, reason="Søsteren min er rektor i Bergen.")
    expect(bjorn.get_by_text(re.compile("inhabil", re.IGNORECASE)).first).to_be_visible()
    expect(bjorn.get_by_text("Vi vil utvikle kulturskolen.")).to_have_count(0)
    run_axe(bjorn, "the page a partial assessor gets")
    response = bjorn.goto(bjorn.url)
    assert response.status == 403
    # Tromsø: he sees nothing of Anna's scores until he has delivered his own.
    bjorn.goto("/admin/vurdering/")
    declare(bjorn, TROMSO["reference"])
    expect(bjorn.get_by_text("Middels (1)")).to_have_count(0)
    give_scores(bjorn, [6, 5, 5, 4], "Bedre enn det ser ut")
    bjorn.get_by_role("button", name="Lagre utkast").click()
    expect(bjorn.get_by_text("Middels (1)")).to_have_count(0)
    bjorn.get_by_role("button", name="Lever vurdering").click()
    expect(bjorn.get_by_role("heading", name="Panelets vurderinger")).to_be_visible()
    expect(bjorn.get_by_text("Middels (1)")).to_be_visible()

    # The owner's ranking: Bergen (5.50, one assessment, one partial) before Tromsø (4.00).
    owner.locator("#wagtail-sidebar").get_by_role("link", name="Rangering").click()
    owner.wait_for_url("**/admin/vurdering/rangering/")
    run_axe(owner, "the list of rounds")
    owner.get_by_role("link", name=re.compile("Søknad om deltakelse")).first.click()
    expect(owner.get_by_role("heading", level=1)).to_contain_text("Rangering")
    ranked = owner.locator("table.listing tbody tr").filter(has_text="VKU-2026-096")
    expect(ranked).to_have_count(2)
    expect(ranked.nth(0)).to_contain_text(BERGEN["reference"])
    expect(ranked.nth(0)).to_contain_text("5,50")
    expect(ranked.nth(0)).to_contain_text("1 inhabil")
    expect(ranked.nth(1)).to_contain_text(TROMSO["reference"])
    expect(ranked.nth(1)).to_contain_text("4,00")
    expect(ranked.nth(1)).to_contain_text("Uenighet")  # 3,00 against 5,00
    chart = owner.get_by_role("img", name=re.compile("fylke", re.IGNORECASE))
    expect(chart).to_be_visible()
    run_axe(owner, "the ranking with the county table and chart")
    ranked.nth(0).get_by_role("link", name=BERGEN["reference"]).click()
    panel_section = owner.get_by_role("region", name="Faglig vurdering")
    expect(panel_section).to_contain_text("Inhabil")
    expect(panel_section).to_contain_text("Søsteren min er rektor i Bergen.")
    run_axe(owner, "the application page with the panel's assessments")
    owner.go_back()
    owner.get_by_label(f"Innstilling for {BERGEN['reference']}").select_option(label="Foreslått ja")
    owner.get_by_label(f"Innstilling for {TROMSO['reference']}").select_option(label="Nei")
    owner.get_by_role("button", name="Lagre innstilling").click()
    expect(success_message(owner)).to_be_visible()

    # From the proposal to the decision: the listing filtered to «Foreslått ja».
    owner.get_by_role("link", name=re.compile(r"vis i søknadslisten \(Foreslått ja\)")).click()
    expect(row_of(owner, BERGEN["reference"])).to_have_count(1)
    expect(row_of(owner, TROMSO["reference"])).to_have_count(0)
    for status in ("Under behandling", "Innvilget"):
        select_in_listing(owner, BERGEN["reference"])
        bulk_action(owner, "Endre status")
        owner.get_by_label("Ny status").select_option(label=status)
        owner.get_by_role("button", name=re.compile("Endre status")).click()
        expect(success_message(owner)).to_be_visible()
    owner.goto(f"{LIST_PATH}?q={BERGEN['reference']}")
    expect(row_of(owner, BERGEN["reference"])).to_contain_text("Innvilget")

    for context in (owner_context, anna_context, bjorn_context):
        context.close()


def test_an_outside_assessor_gets_no_ranking_and_no_applications(browser, base_url, panel):
    context = browser.new_context(base_url=base_url, locale="nb-NO")
    page = context.new_page()
    log_in(page, ANNA, PASSWORD)
    sidebar = page.locator("#wagtail-sidebar")
    expect(sidebar.get_by_role("link", name="Mine vurderinger")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Søknader")).to_have_count(0)
    expect(sidebar.get_by_role("link", name="Rangering")).to_have_count(0)
    for path in (LIST_PATH, "/admin/vurdering/rangering/", f"/admin/vurdering/rangering/{panel}/"):
        response = page.goto(path)
        # Refused: a 403, or Wagtail's way, back to the dashboard with a message.
        assert response.status == 403 or not page.url.endswith(path), path
        expect(page.get_by_text(re.compile("VKU-2026-096"))).to_have_count(0)
    context.close()
