"""The report in the admin (issue 18, item 2): «Godkjenn rapporten» by reviewers only, the
report and its grant linked both ways, and the flag on a new application from a
municipality whose report from an earlier round is missing past its due date, on its page
and in the listing, at a fixed number of queries."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from forms.models import ApplicationSubmission, GrantFollowUp, Municipality, ReportStatus
from tests.conftest import oslo
from tests.factories import ApplicationFormPageFactory, ProgramPageFactory
from tests.review.helpers import LIST_URL, make_application
from tests.text import visible_text

pytestmark = pytest.mark.django_db

OSLO_KOMMUNE = "0301"
FLAG = "Kommunen har ikke levert rapport for VKU-2026-0001 (frist 1. desember 2026)."


@pytest.fixture(autouse=True)
def earlier_round_in_spring(clock):
    """The grants of the earlier round are made (and their letters sent) in spring 2026,
    whatever the real date: the flag compares with the new application's time."""
    clock(oslo(2026, 4, 20, 12))


def approve_url(application):
    return f"/admin/soknader/rapport/{application.pk}/godkjenn/"


def unapprove_url(application):
    return f"/admin/soknader/rapport/{application.pk}/angre/"


def inspect_url(application):
    return f"/admin/soknader/liste/inspect/{application.pk}/"


def report_status(application):
    return GrantFollowUp.objects.get(submission=application).report_status


@pytest.fixture
def delivered(granted_application_with_report, report_form):
    """The grant with its report delivered (RAP-2026-0001)."""
    granted = granted_application_with_report
    report = make_application(report_form, 90, report_for=granted)
    ApplicationSubmission.objects.filter(pk=report.pk).update(reference="RAP-2026-0001")
    GrantFollowUp.objects.filter(submission=granted).update(
        report_status=ReportStatus.DELIVERED, report_delivered_at=oslo(2026, 11, 20, 12)
    )
    return granted


def test_a_reviewer_approves_the_report_and_undoes_it(client, users, delivered):
    client.force_login(users["reviewer"])
    html = visible_text(client.get(inspect_url(delivered)).content.decode())
    assert "Rapport levert" in html and "Godkjenn rapporten" in html
    assert "Les rapporten (RAP-2026-0001)" in html

    response = client.post(approve_url(delivered))
    assert response.status_code == 302
    follow_up = GrantFollowUp.objects.get(submission=delivered)
    assert follow_up.report_status == ReportStatus.APPROVED
    assert follow_up.report_approved_by == users["reviewer"]
    assert follow_up.report_approved_at is not None
    history = visible_text(client.get(inspect_url(delivered)).content.decode())
    assert "Rapporten ble godkjent" in history and "Angre godkjenning" in history

    client.post(unapprove_url(delivered))
    follow_up.refresh_from_db()
    assert follow_up.report_status == ReportStatus.DELIVERED
    assert follow_up.report_approved_by is None and follow_up.report_approved_at is None


def test_a_missing_report_cannot_be_approved(client, users, granted_application_with_report):
    client.force_login(users["reviewer"])
    client.post(approve_url(granted_application_with_report))
    assert report_status(granted_application_with_report) == ReportStatus.MISSING


@pytest.mark.parametrize("who", ["editor", "moderator", "assessor"])
def test_only_reviewers_approve(client, users, assessor, delivered, who):
    client.force_login(assessor if who == "assessor" else users[who])
    response = client.post(approve_url(delivered))
    # Refused: Wagtail turns the refusal into a way back to the dashboard.
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == "/admin/"
    assert report_status(delivered) == ReportStatus.DELIVERED


def test_approving_takes_a_post_and_a_signed_in_user(client, users, delivered):
    assert client.post(approve_url(delivered)).status_code == 302  # to the sign-in page
    client.force_login(users["reviewer"])
    assert client.get(approve_url(delivered)).status_code == 405
    assert client.post("/admin/soknader/rapport/abc/godkjenn/").status_code == 404
    assert report_status(delivered) == ReportStatus.DELIVERED


def test_a_report_links_back_to_its_grant(client, users, delivered):
    report = ApplicationSubmission.objects.get(reference="RAP-2026-0001")
    client.force_login(users["reviewer"])
    html = client.get(inspect_url(report)).content.decode()
    assert "Rapport for VKU-2026-0001" in visible_text(html)
    assert f'href="{inspect_url(delivered)}"' in html


# The flag on a new application


@pytest.fixture
def next_round(form_page):
    """Next year's form of another program, under the same index."""
    program = ProgramPageFactory(parent=form_page.get_parent().get_parent(), slug="neste-runde")
    return ApplicationFormPageFactory(parent=program)


def apply_at(clock, moment, page, number, municipality="4601"):
    clock(moment)
    return make_application(page, number, municipality=municipality)


def listed(client, **params):
    html = client.get(LIST_URL, params).content.decode()
    return sorted(set(re.findall(r"VKU-2026-\d{4}", html)))


def test_a_new_application_after_the_due_date_is_flagged(
    client, users, clock, granted_application_with_report, next_round
):
    new = apply_at(clock, oslo(2026, 12, 2, 9), next_round, 2)
    other = apply_at(clock, oslo(2026, 12, 2, 9), next_round, 3, municipality=OSLO_KOMMUNE)
    client.force_login(users["reviewer"])
    assert FLAG in visible_text(client.get(inspect_url(new)).content.decode())
    assert FLAG not in visible_text(client.get(inspect_url(other)).content.decode())
    assert listed(client, missing_earlier_report="true") == ["VKU-2026-0002"]
    assert "VKU-2026-0002" not in listed(client, missing_earlier_report="false")


def test_no_flag_on_the_due_date_itself(
    client, users, clock, granted_application_with_report, next_round
):
    new = apply_at(clock, oslo(2026, 12, 1, 23, 59), next_round, 2)
    client.force_login(users["reviewer"])
    assert FLAG not in visible_text(client.get(inspect_url(new)).content.decode())
    assert listed(client, missing_earlier_report="true") == []


def test_no_flag_once_the_report_is_delivered(client, users, clock, delivered, next_round):
    new = apply_at(clock, oslo(2027, 1, 10, 9), next_round, 2)
    client.force_login(users["reviewer"])
    assert FLAG not in visible_text(client.get(inspect_url(new)).content.decode())
    assert listed(client, missing_earlier_report="true") == []


def test_a_partner_in_the_earlier_grant_is_flagged_too(
    client, users, clock, form_page_with_acceptance, report_form, make_grant, next_round
):
    joint = make_grant(form_page_with_acceptance, 1, municipality=OSLO_KOMMUNE)
    joint.partner_municipalities.add(Municipality.objects.get(number="4601"))
    new = apply_at(clock, oslo(2027, 1, 10, 9), next_round, 2)
    client.force_login(users["reviewer"])
    assert FLAG in visible_text(client.get(inspect_url(new)).content.decode())
    assert listed(client, missing_earlier_report="true") == ["VKU-2026-0002"]


def count_listing_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries)


def test_the_flag_costs_the_listing_no_query_per_row(
    client, users, clock, form_page_with_acceptance, report_form, make_grant, next_round
):
    municipalities = list(Municipality.objects.order_by("number")[:12])
    make_grant(form_page_with_acceptance, 1, municipality=municipalities[0].number)
    apply_at(clock, oslo(2027, 1, 10, 9), next_round, 2, municipalities[0].number)
    client.force_login(users["reviewer"])
    with_one = count_listing_queries(client)
    clock(oslo(2026, 4, 20, 12))  # the earlier round's applications came before the new ones
    for n, municipality in enumerate(municipalities[1:], start=3):
        make_grant(form_page_with_acceptance, n, municipality=municipality.number)
    for n, municipality in enumerate(municipalities[1:], start=3):
        apply_at(clock, oslo(2027, 1, 10, 9), next_round, n + 20, municipality.number)
    assert len(listed(client, missing_earlier_report="true")) == 12
    assert count_listing_queries(client) == with_one
