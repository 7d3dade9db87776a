"""A report's own status page (the link in its receipt): it names the grant it reports on,
and offers neither the application's timeline nor a withdrawal."""

import pytest

from forms.models import ApplicationSubmission, ReviewStatus
from forms.status_links import status_url
from tests.follow_up.report_helpers import (
    add_report_questions,
    link_path,
    post_report,
    report_answers,
)
from tests.text import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(client, granted_application_with_report, report_form):
    keys = add_report_questions(report_form)
    client.get(link_path(granted_application_with_report))
    post_report(client, report_form, report_answers(keys))
    return ApplicationSubmission.objects.get(page=report_form)


def test_the_reports_status_page_names_the_grant(client, report):
    response = client.get(status_url(report, full=False))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Status for rapporten" in text
    assert "Rapporten er mottatt." in text
    assert f"Rapport for søknad: {report.report_for.reference}" in text
    assert "Søknadens gang" not in text
    assert "Trekk søknaden" not in text


def test_a_report_is_not_withdrawn(client, report):
    response = client.post(
        status_url(report, full=False), {"handling": "trekk", "confirm_withdraw": "1"}
    )
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.status != ReviewStatus.WITHDRAWN
