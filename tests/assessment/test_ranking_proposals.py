"""Proposals from the ranking (issue 17, item 5): saved, changed, removed and logged, bad
values refused; the listing's «Innstilling» filter; the round's settings and owner."""

from decimal import Decimal

from wagtail.models import ModelLogEntry, PageLogEntry

import pytest

from applications.models import AssessmentRound, Proposal, Recommendation
from forms.models import ReviewStatus
from tests.assessment.ranking_helpers import proposals_url, ranking_url, settings_url
from tests.review.helpers import LIST_URL, make_application


def proposal_log(application):
    return list(
        ModelLogEntry.objects.filter(
            action="applications.proposal", object_id=str(application.pk)
        ).order_by("pk")
    )


def test_proposals_are_saved_changed_removed_and_logged(client, form_page, users):
    first, second = make_application(form_page, 1), make_application(form_page, 2)
    client.force_login(users["reviewer"])
    response = client.post(
        proposals_url(form_page), {f"innstilling-{first.pk}": "ja", f"innstilling-{second.pk}": ""}
    )
    assert response.status_code == 302 and response.url == ranking_url(form_page)
    assert Proposal.objects.get(submission=first).recommendation == Recommendation.YES
    assert Proposal.objects.get(submission=first).set_by == users["reviewer"]
    assert not Proposal.objects.filter(submission=second).exists()
    assert [e.data for e in proposal_log(first)] == [
        {"recommendation": "ja", "label": "Foreslått ja"}
    ]
    assert proposal_log(second) == []  # nothing changed, nothing logged

    client.post(proposals_url(form_page), {f"innstilling-{first.pk}": "venteliste"})
    assert Proposal.objects.get(submission=first).recommendation == Recommendation.WAITING_LIST
    client.post(proposals_url(form_page), {f"innstilling-{first.pk}": ""})
    assert not Proposal.objects.filter(submission=first).exists()
    assert [e.data["recommendation"] for e in proposal_log(first)] == ["ja", "venteliste", ""]
    assert proposal_log(first)[0].user == users["reviewer"]


def test_the_ranking_shows_the_proposal_and_links_to_the_listing(client, form_page, users):
    application = make_application(form_page, 1)
    Proposal.objects.create(submission=application, recommendation=Recommendation.YES)
    client.force_login(users["reviewer"])
    html = client.get(ranking_url(form_page)).content.decode()
    assert '<option value="ja" selected>Foreslått ja</option>' in html
    assert f'href="{LIST_URL}?page={form_page.pk}&amp;innstilling=ja"' in html
    assert "Foreslått ja: 1 –" in html and "Nei: 0 –" in html


@pytest.mark.parametrize("value", ["kanskje", "JA", "1"])
def test_a_bad_value_changes_nothing(client, form_page, users, value):
    first, second = make_application(form_page, 1), make_application(form_page, 2)
    client.force_login(users["reviewer"])
    response = client.post(
        proposals_url(form_page),
        {f"innstilling-{first.pk}": "ja", f"innstilling-{second.pk}": value},
        follow=True,
    )
    assert response.status_code == 200
    assert "Innstillingen ble ikke lagret: ugyldig valg." in response.content.decode()
    assert not Proposal.objects.exists()


def test_applications_of_other_forms_or_withdrawn_are_not_touched(client, form_page, users):
    withdrawn = make_application(form_page, 1, status=ReviewStatus.WITHDRAWN)
    client.force_login(users["reviewer"])
    client.post(
        proposals_url(form_page), {f"innstilling-{withdrawn.pk}": "ja", "innstilling-x": "ja"}
    )
    assert not Proposal.objects.exists()


def test_the_listing_filters_by_proposal(client, form_page, users):
    yes, no = make_application(form_page, 1), make_application(form_page, 2)
    make_application(form_page, 3)
    Proposal.objects.create(submission=yes, recommendation=Recommendation.YES)
    Proposal.objects.create(submission=no, recommendation=Recommendation.NO)
    client.force_login(users["reviewer"])
    html = client.get(f"{LIST_URL}?innstilling=ja").content.decode()
    assert "VKU-2026-0001" in html
    assert "VKU-2026-0002" not in html and "VKU-2026-0003" not in html
    response = client.get(f"{LIST_URL}?innstilling=tull")
    assert response.status_code == 200  # an invalid choice is a form error, not a 500


def test_the_first_reviewer_to_save_the_settings_owns_the_round(client, form_page, users):
    client.force_login(users["reviewer"])
    response = client.post(settings_url(form_page), {"owner": "", "spread_limit": "2,0"})
    assert response.status_code == 302
    assessment_round = AssessmentRound.objects.get(page=form_page)
    assert assessment_round.owner == users["reviewer"]
    assert assessment_round.spread_limit == Decimal("2.0")
    entry = ModelLogEntry.objects.get(object_id=str(assessment_round.pk))
    assert entry.action == "wagtail.create" and entry.user == users["reviewer"]


@pytest.mark.parametrize("who, allowed", [("other_reviewer", False), ("reviewer", True)])
def test_only_the_owner_or_a_superuser_hands_the_round_on(client, form_page, users, who, allowed):
    AssessmentRound.objects.create(page=form_page, owner=users["reviewer"])
    client.force_login(users[who])
    response = client.post(
        settings_url(form_page), {"owner": users["other_reviewer"].pk, "spread_limit": "1,5"}
    )
    owner = AssessmentRound.objects.get(page=form_page).owner
    if allowed:
        assert response.status_code == 302 and owner == users["other_reviewer"]
    else:
        assert response.status_code == 400 and owner == users["reviewer"]
        assert "Bare den ansvarlige eller en superbruker kan bytte ansvarlig." in (
            response.content.decode()
        )


def test_a_superuser_hands_the_round_on(client, form_page, users):
    AssessmentRound.objects.create(page=form_page, owner=users["reviewer"])
    client.force_login(users["superuser"])
    client.post(settings_url(form_page), {"owner": users["other_reviewer"].pk, "spread_limit": "1"})
    assert AssessmentRound.objects.get(page=form_page).owner == users["other_reviewer"]


@pytest.mark.parametrize(
    "data",
    [
        {"owner": "abc", "spread_limit": "1"},
        {"owner": "999999", "spread_limit": "1"},
        {"spread_limit": "-1"},
        {"spread_limit": "mye"},
        {},
    ],
)
def test_bad_settings_are_form_errors(client, form_page, users, data):
    client.force_login(users["reviewer"])
    response = client.post(settings_url(form_page), data)
    assert response.status_code == 400
    assert 'class="ds-error-summary"' in response.content.decode()
    assert not AssessmentRound.objects.exists()


def test_a_non_reviewer_cannot_own_a_round(client, form_page, users):
    client.force_login(users["reviewer"])
    client.post(settings_url(form_page), {"owner": users["editor"].pk, "spread_limit": "1"})
    assert not AssessmentRound.objects.exists()
    assert not PageLogEntry.objects.filter(action="applications.proposal").exists()
