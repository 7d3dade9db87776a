"""Conflict of interest first (issue 17, item 3): an assessor declares before reading the
application; a partial assessor can neither open nor score it; the declaration is logged."""

from wagtail.models import ModelLogEntry

import pytest

from applications.models import Declaration
from tests.assessment.assessor_pages_helpers import (
    PROJECT_TEXT,
    application_with_contacts,
    assessment_url,
    declare_url,
    sheet_url,
    tie,
)
from tests.assessment.helpers import assign, declare

pytestmark = pytest.mark.django_db

IMPARTIAL = {"declaration": Declaration.IMPARTIAL, "reason": ""}
PARTIAL = {"declaration": Declaration.PARTIAL, "reason": "Jeg sitter i styret i Bergen kulturskole"}


@pytest.fixture
def submission(form_page):
    return application_with_contacts(form_page)


def logged(submission, action):
    return list(
        ModelLogEntry.objects.for_instance(submission).filter(
            action=f"applications.assessment.{action}"
        )
    )


def test_an_undeclared_assessor_sees_only_the_facts_and_the_declaration(
    client, submission, assessors
):
    submission.partner_municipalities.add("0301")
    assign(submission, assessors[0])
    client.force_login(assessors[0])
    response = client.get(assessment_url(submission))
    assert response.status_code == 200
    html = response.content.decode()
    assert submission.reference in html and "Bergen" in html and "Oslo" in html
    assert "Jeg er ikke inhabil" in html and "Jeg er inhabil" in html
    assert f'action="{declare_url(submission)}"' in html and "<legend" in html
    assert PROJECT_TEXT not in html and "utviklingsplan.pdf" not in html
    assert "Mulig inhabil" not in html


@pytest.mark.parametrize("who", ["outside", "reviewer"])
def test_the_page_is_404_for_anyone_not_assigned(client, submission, assessors, users, who):
    assign(submission, assessors[1])
    client.force_login(assessors[0] if who == "outside" else users["reviewer"])
    assert client.get(assessment_url(submission)).status_code == 404
    assert client.post(declare_url(submission), IMPARTIAL).status_code == 404
    assert client.get("/admin/vurdering/999999/").status_code == 404
    assert client.get("/admin/vurdering/abc/").status_code == 404


def test_declaring_impartial_opens_the_application_and_is_logged(client, submission, assessors):
    assessment = assign(submission, assessors[0])
    client.force_login(assessors[0])
    response = client.post(declare_url(submission), IMPARTIAL)
    assert response.status_code == 302 and response["Location"] == assessment_url(submission)
    assessment.refresh_from_db()
    assert assessment.declaration == Declaration.IMPARTIAL and assessment.declared_at
    [entry] = logged(submission, "declared")
    assert entry.data["declaration"] == Declaration.IMPARTIAL
    assert entry.user_id == assessors[0].pk
    assert PROJECT_TEXT in client.get(assessment_url(submission)).content.decode()


def test_partiality_needs_a_reason_and_then_closes_the_application(client, submission, assessors):
    assessment = assign(submission, assessors[0])
    client.force_login(assessors[0])
    response = client.post(declare_url(submission), {**PARTIAL, "reason": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv en begrunnelse for erklæringen." in html and "feiloppsummering" in html
    assessment.refresh_from_db()
    assert not assessment.is_declared and not logged(submission, "declared")

    assert client.post(declare_url(submission), PARTIAL).status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_partial and assessment.declaration_reason == PARTIAL["reason"]
    [entry] = logged(submission, "declared")
    # The history says that they are partial, never why.
    assert "styret" not in str(entry.data)
    for response in (client.get(assessment_url(submission)), client.get(sheet_url(submission))):
        assert response.status_code == 403
        assert "Du har erklært deg inhabil" in response.content.decode()
        assert PROJECT_TEXT not in response.content.decode()
    # Scoring and declaring again are refused too.
    assert client.post(assessment_url(submission), {"lever": "1"}).status_code == 403
    assert client.post(declare_url(submission), IMPARTIAL).status_code == 403
    assessment.refresh_from_db()
    assert assessment.is_partial


def test_a_declaration_is_final(client, submission, assessors):
    assessment = declare(assign(submission, assessors[0]))
    client.force_login(assessors[0])
    response = client.post(declare_url(submission), PARTIAL, follow=True)
    assert "erklæringen er endelig" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.declaration == Declaration.IMPARTIAL
    assert not logged(submission, "declared")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"declaration": "kanskje"},
        {"declaration": ""},
        {"reason": "x" * 5000, "declaration": "inhabil"},
    ],
)
def test_bad_declarations_are_form_errors(client, submission, assessors, data):
    assessment = assign(submission, assessors[0])
    client.force_login(assessors[0])
    response = client.post(declare_url(submission), data)
    assert response.status_code == 200
    assert "Erklæringen er ikke sendt" in response.content.decode()
    assessment.refresh_from_db()
    assert not assessment.is_declared


def test_a_get_of_the_declaration_address_is_refused(client, submission, assessors):
    assign(submission, assessors[0])
    client.force_login(assessors[0])
    assert client.get(declare_url(submission)).status_code == 405


def test_a_tied_municipality_shows_a_notice_and_needs_a_reason_either_way(
    client, submission, assessors
):
    tie(assessors[0], "4601")
    assessment = assign(submission, assessors[0])
    client.force_login(assessors[0])
    assert "Mulig inhabil" in client.get(assessment_url(submission)).content.decode()
    response = client.post(declare_url(submission), IMPARTIAL)
    assert response.status_code == 200
    assert "Skriv en begrunnelse for erklæringen." in response.content.decode()
    reason = "Jeg bodde i Bergen for ti år siden, ingen bånd nå"
    response = client.post(declare_url(submission), {**IMPARTIAL, "reason": reason})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.declaration == Declaration.IMPARTIAL
    assert assessment.declaration_reason == reason


def test_a_partner_municipality_also_counts_as_a_tie(client, submission, assessors):
    tie(assessors[0], "0301")
    submission.partner_municipalities.add("0301")
    assign(submission, assessors[0])
    client.force_login(assessors[0])
    assert client.post(declare_url(submission), IMPARTIAL).status_code == 200
