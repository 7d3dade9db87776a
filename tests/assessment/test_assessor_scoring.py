"""Scoring (issue 17, item 4): a score and a justification per criterion, saved as a draft
and delivered when complete; independent assessment; every change logged, no text copied."""

from wagtail.models import ModelLogEntry

import pytest

from tests.assessment.assessor_pages_helpers import (
    PROJECT_TEXT,
    application_with_contacts,
    assessment_url,
)
from tests.assessment.helpers import add_criteria, assign, declare, score

pytestmark = pytest.mark.django_db

OTHERS_JUSTIFICATION = "Bjørns hemmelige begrunnelse"


@pytest.fixture
def submission(form_page):
    return application_with_contacts(form_page)


@pytest.fixture
def assessment(submission, assessors):
    return declare(assign(submission, assessors[0]))


def answers(criteria, scores, texts=None):
    data = {}
    for n, (criterion, value) in enumerate(zip(criteria, scores, strict=True)):
        data[f"score-{criterion.translation_key}"] = value
        data[f"begrunnelse-{criterion.translation_key}"] = (texts or {}).get(n, f"Fordi {n}")
    return data


def saved_scores(assessment):
    return {s.criterion_key: (s.score, s.justification) for s in assessment.scores.all()}


def logged(submission, action):
    return list(
        ModelLogEntry.objects.for_instance(submission).filter(
            action=f"applications.assessment.{action}"
        )
    )


def test_the_scoring_form_has_a_fieldset_per_criterion(client, assessment, criteria, assessors):
    client.force_login(assessors[0])
    html = client.get(assessment_url(assessment.submission)).content.decode()
    assert html.count("<fieldset") == 3 and html.count("<legend") == 3
    for criterion in criteria:
        assert criterion.title in html and criterion.description in html
    assert html.count('type="radio"') == 3 * 6
    assert "Lagre utkast" in html and "Lever vurdering" in html


def test_a_round_without_criteria_says_so(client, assessment, assessors):
    client.force_login(assessors[0])
    html = client.get(assessment_url(assessment.submission)).content.decode()
    assert "Skjemaet har ingen vurderingskriterier ennå" in html
    assert "Lever vurdering" not in html


def test_a_draft_may_be_incomplete_and_logs_what_changed(client, assessment, criteria, assessors):
    client.force_login(assessors[0])
    data = answers(criteria, [4, "", ""], {0: "Sterk forankring", 1: "", 2: ""})
    response = client.post(assessment_url(assessment.submission), {**data, "lagre": "1"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert not assessment.is_delivered
    assert saved_scores(assessment) == {criteria[0].translation_key: (4, "Sterk forankring")}
    [entry] = logged(assessment.submission, "saved")
    assert entry.data["changes"] == [
        {"criterion": "Kriterium 1", "from": None, "to": 4, "justification_changed": True}
    ]
    # Change one score: the log names that criterion, old and new, and no text.
    data = answers(criteria, [5, 2, ""], {0: "Endret tekst", 1: "Svak plan", 2: ""})
    client.post(assessment_url(assessment.submission), {**data, "lagre": "1"})
    latest = logged(assessment.submission, "saved")[0]
    assert latest.data["changes"] == [
        {"criterion": "Kriterium 1", "from": 4, "to": 5, "justification_changed": True},
        {"criterion": "Kriterium 2", "from": None, "to": 2, "justification_changed": True},
    ]
    history = str([e.data for e in ModelLogEntry.objects.for_instance(assessment.submission)])
    for text in ("Sterk forankring", "Endret tekst", "Svak plan"):
        assert text not in history
    # The form shows what is saved.
    html = client.get(assessment_url(assessment.submission)).content.decode()
    assert "Endret tekst" in html and "Svak plan" in html


def test_delivering_needs_every_score_and_justification(client, assessment, criteria, assessors):
    client.force_login(assessors[0])
    data = answers(criteria, [4, "", 3], {0: "Typet tekst som blir", 1: "", 2: ""})
    response = client.post(assessment_url(assessment.submission), {**data, "lever": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vurderingen er ikke lagret" in html  # the error summary
    assert html.count("Velg en score for å levere.") == 2  # summary and by the field
    assert html.count("Skriv en begrunnelse for å levere.") == 4  # two fields, twice each
    assert f'href="#id_score-{criteria[1].translation_key}_0"' in html
    assert "Typet tekst som blir" in html  # what was typed is kept
    assessment.refresh_from_db()
    assert not assessment.is_delivered and not saved_scores(assessment)


def test_a_complete_assessment_is_delivered_logged_and_read_only(
    client, assessment, criteria, assessors
):
    client.force_login(assessors[0])
    data = answers(criteria, [6, 3, 2])
    response = client.post(assessment_url(assessment.submission), {**data, "lever": "1"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_delivered
    assert logged(assessment.submission, "delivered") and logged(assessment.submission, "saved")
    html = client.get(assessment_url(assessment.submission)).content.decode()
    assert "Lever vurdering" not in html and "kan ikke endres" in html
    assert "3,50" in html  # its weighted average: (6 + 3×2 + 2) / 4
    # A later post changes nothing.
    response = client.post(
        assessment_url(assessment.submission), {**answers(criteria, [1, 1, 1]), "lever": "1"}
    )
    assert response.status_code == 302
    assert {s for s, _ in saved_scores(assessment).values()} == {6, 3, 2}
    assert len(logged(assessment.submission, "saved")) == 1


@pytest.mark.parametrize("bad", ["99", "0", "abc", "-1", "4.5"])
def test_a_score_outside_the_scale_is_a_form_error(client, assessment, criteria, assessors, bad):
    client.force_login(assessors[0])
    data = answers(criteria, [bad, 3, 3])
    response = client.post(assessment_url(assessment.submission), {**data, "lagre": "1"})
    assert response.status_code == 200
    assert "Velg en score fra 1 til 6." in response.content.decode()
    assert not saved_scores(assessment)


def test_an_over_long_justification_is_a_form_error(client, assessment, criteria, assessors):
    client.force_login(assessors[0])
    data = answers(criteria, [3, 3, 3], {0: "x" * 2001, 1: "ok", 2: "ok"})
    response = client.post(assessment_url(assessment.submission), {**data, "lever": "1"})
    assert response.status_code == 200
    assert "Begrunnelsen kan være høyst 2000 tegn." in response.content.decode()
    assessment.refresh_from_db()
    assert not assessment.is_delivered


def test_others_scores_are_hidden_until_ones_own_is_delivered(
    client, submission, criteria, assessors
):
    score(assign(submission, assessors[1]), criteria, [2, 2, 2], justification=OTHERS_JUSTIFICATION)
    own = score(assign(submission, assessors[0]), criteria, [6, 6, 6], deliver=False)
    client.force_login(assessors[0])
    html = client.get(assessment_url(submission)).content.decode()
    assert OTHERS_JUSTIFICATION not in html
    assert "Bjorn" not in html and "Panelets vurderinger" not in html
    assert "4,00" not in html  # the application's average

    client.post(assessment_url(submission), {**answers(criteria, [6, 6, 6]), "lever": "1"})
    own.refresh_from_db()
    assert own.is_delivered
    html = client.get(assessment_url(submission)).content.decode()
    assert OTHERS_JUSTIFICATION in html and "Bjorn Vurderer" in html
    assert "Panelets vurderinger" in html and "4,00" in html  # (6 + 2) / 2


def test_a_partial_colleague_is_not_shown_after_delivery(client, submission, criteria, assessors):
    from applications.models import Declaration

    partial = declare(assign(submission, assessors[1]), Declaration.PARTIAL, "Nabo")
    score(partial, criteria, [1, 1, 1], justification=OTHERS_JUSTIFICATION)
    score(assign(submission, assessors[0]), criteria, [5, 5, 5])
    client.force_login(assessors[0])
    html = client.get(assessment_url(submission)).content.decode()
    assert OTHERS_JUSTIFICATION not in html and "Ingen andre har levert ennå." in html


def test_an_outside_assessor_sees_no_contact_details(client, assessment, assessors):
    client.force_login(assessors[0])
    html = client.get(assessment_url(assessment.submission)).content.decode()
    assert PROJECT_TEXT in html
    for contact in ("kari@bergen.kommune.no", "+4791234567", "Kari Nordmann"):
        assert contact not in html
    assert "utviklingsplan.pdf" in html and "/admin/soknader/vedlegg/" not in html


def test_a_reviewer_assessor_sees_contacts_and_attachment_links(client, submission, users):
    declare(assign(submission, users["reviewer"]))
    client.force_login(users["reviewer"])
    html = client.get(assessment_url(submission)).content.decode()
    for contact in ("kari@bergen.kommune.no", "+4791234567", "Kari Nordmann"):
        assert contact in html
    assert "/admin/soknader/vedlegg/" in html


def test_criteria_added_later_must_be_scored_before_delivery(
    client, form_page, assessment, assessors
):
    criteria = add_criteria(form_page, 1, 1)
    client.force_login(assessors[0])
    data = answers(criteria, [3, 3])
    criteria = add_criteria(form_page, 1, 1, 1)
    response = client.post(assessment_url(assessment.submission), {**data, "lever": "1"})
    assert response.status_code == 200
    assessment.refresh_from_db()
    assert not assessment.is_delivered


def test_scores_posted_before_declaring_are_not_saved(client, submission, criteria, assessors):
    assessment = assign(submission, assessors[0])
    client.force_login(assessors[0])
    response = client.post(assessment_url(submission), {**answers(criteria, [3, 3, 3]), "lever": 1})
    assert response.status_code == 200 and "Send erklæringen" in response.content.decode()
    assessment.refresh_from_db()
    assert not assessment.is_delivered and not saved_scores(assessment)


def test_scores_posted_to_a_round_without_criteria_change_nothing(client, assessment, assessors):
    client.force_login(assessors[0])
    response = client.post(assessment_url(assessment.submission), {"lever": "1"}, follow=True)
    assert "Skjemaet har ingen vurderingskriterier ennå" in response.content.decode()
    assessment.refresh_from_db()
    assert not assessment.is_delivered
