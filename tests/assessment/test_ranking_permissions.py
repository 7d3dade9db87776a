"""Who may use the ranking (issue 17, items 5–7): reviewers and superusers; editors,
moderators and outside assessors get 403, the anonymous the login page."""

import pytest

from applications.models import AssessmentRound, Proposal
from tests.assessment.ranking_helpers import export_url, proposals_url, ranking_url, settings_url

ROUNDS_URL = "/admin/vurdering/rangering/"


def denied(response):
    """Wagtail's admin answers PermissionDenied on a GET with a redirect to the dashboard
    and a message; a POST gets 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def requests(page, application):
    return [
        ("get", ROUNDS_URL, {}),
        ("get", ranking_url(page), {}),
        ("post", proposals_url(page), {f"innstilling-{application.pk}": "ja"}),
        ("post", settings_url(page), {"owner": "", "spread_limit": "1,5"}),
        ("post", export_url(page, "rangering", "csv"), {}),
        ("post", export_url(page, "vurderinger", "xlsx"), {}),
    ]


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("anonymous", False),
        ("editor", False),
        ("moderator", False),
        ("assessor", False),
        ("reviewer", True),
        ("superuser", True),
    ],
)
def test_permission_matrix(client, users, assessors, form_page, application, who, allowed):
    if who == "assessor":
        client.force_login(assessors[0])
    elif who != "anonymous":
        client.force_login(users[who])
    for method, url, data in requests(form_page, application):
        response = getattr(client, method)(url, data)
        if allowed:
            assert response.status_code in (200, 302), url
            if response.status_code == 302:
                assert "login" not in response.url
        elif who == "anonymous":
            assert response.status_code == 302 and "/admin/login/" in response.url, url
        else:
            assert denied(response), url
    assert Proposal.objects.exists() is allowed
    assert AssessmentRound.objects.exists() is allowed


def test_the_rounds_list_links_each_norwegian_form(client, users, form_page, application):
    client.force_login(users["reviewer"])
    html = client.get(ROUNDS_URL).content.decode()
    assert f'href="{ranking_url(form_page)}"' in html
    assert "0 av 0" in html


@pytest.mark.parametrize("who", ["reviewer", "assessor"])
def test_the_menu_item_shows_for_reviewers_only(client, users, assessors, who):
    client.force_login(users["reviewer"] if who == "reviewer" else assessors[0])
    html = client.get("/admin/").content.decode()
    assert (ROUNDS_URL in html) is (who == "reviewer")
