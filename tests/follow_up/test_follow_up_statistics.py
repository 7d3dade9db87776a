"""Statistics of what follows a grant (issue 18, item 5): per form, granted, accepted, not
accepted, reports delivered and approved, in the staff's statistics page and the
statistics command; the counts survive the retention."""

import datetime
import io

from django.core.management import call_command

import pytest

from applications.form_statistics import form_statistics
from applications.retention import apply_retention
from forms.models import GrantFollowUp
from tests.conftest import oslo
from tests.review.helpers import make_application
from tests.text import visible_text

AT = oslo(2026, 5, 10, 12)
AFTER_RETENTION = datetime.date(2029, 1, 1)  # the review program's last day is 2028-12-31


@pytest.fixture
def round_followed_up(form_page_with_acceptance, report_form, make_grant):
    """Five grants: accepted with its report approved, accepted with its report delivered,
    accepted without a report, not accepted, awaiting; a rejection and an application."""
    page = form_page_with_acceptance
    grants = [
        make_grant(page, n, municipality=m)
        for n, m in enumerate(["4601", "0301", "1103", "5001", "3301"], 1)
    ]
    updates = [
        {"accepted_at": AT, "accepted_name": "Ola", "report_status": "godkjent"},
        {"accepted_at": AT, "accepted_name": "Kari", "report_status": "levert"},
        {"accepted_at": AT, "accepted_name": "Per"},
        {"not_accepted_at": AT},
        {},
    ]
    for grant, update in zip(grants, updates, strict=True):
        GrantFollowUp.objects.filter(submission=grant).update(**update)
    make_application(page, 10, municipality="4602", status="avslatt")
    make_application(page, 11, municipality="4602")
    # The delivered reports are applications to the report form, not counted as applications.
    for number, grant in enumerate(grants[:2], 20):
        make_application(report_form, number, report_for=grant)
    return page, report_form


EXPECTED = {
    "granted": 5,
    "accepted": 3,
    "not_accepted": 1,
    "reports_delivered": 2,
    "reports_approved": 1,
}


def test_counts_per_form(round_followed_up, client, users):
    page, report_form = round_followed_up
    assert form_statistics(page)["follow_up"] == EXPECTED
    assert form_statistics(report_form)["follow_up"] is None
    client.force_login(users["reviewer"])
    text = visible_text(client.get("/admin/soknader/statistikk/").content.decode())
    assert "Akseptert" in text and "Rapporter godkjent" in text
    assert "Ola" not in text and "Kari" not in text


def follow_up_csv():
    out = io.StringIO()
    call_command("application_statistics", "--oppfolging", stdout=out)
    return out.getvalue().splitlines()


def test_the_counts_survive_the_retention(round_followed_up):
    page, _report_form = round_followed_up
    before = follow_up_csv()
    assert before[0] == (
        "År;Skjema;Innvilget;Akseptert;Ikke akseptert;Rapporter levert;Rapporter godkjent"
    )
    assert before[1:] == [f"2026;{page.title};5;3;1;2;1"]
    result = apply_retention(today=AFTER_RETENTION)
    assert result.applications == 7 and result.reports == 2 and result.acceptances == 3
    assert follow_up_csv() == before
    assert form_statistics(page)["follow_up"] == EXPECTED
    # The applications' own statistics keep their shape.
    out = io.StringIO()
    call_command("application_statistics", stdout=out)
    assert out.getvalue().splitlines()[0] == "År;Skjema;Fylke;Status;Antall"
