"""Wagtail's and wagtail-localize's own admin views, as each role, with an application that
has been assessed: nobody but reviewers meets the application there, and no view shows an
assessor's justification or a partial assessor's reason. Outside assessors (group
«Eksterne fagvurderere») reach «Mine vurderinger» and nothing else."""

from django.urls import reverse

from wagtail.log_actions import log

import pytest

from applications.assessment import log_assessment
from applications.models import Declaration, Proposal, Recommendation
from tests.assessment.helpers import assign, declare, make_assessor, score
from tests.review.helpers import LIST_URL, make_application
from tests.review.test_permissions import sidebar_menu_items

REFERENCE = "VKU-2026-0427"
JUSTIFICATION = "HEMMELIG-BEGRUNNELSE"
REASON = "HEMMELIG-GRUNN"
SECRETS = (JUSTIFICATION, REASON)
ROLES = ["anonymous", "editor", "moderator", "outside_assessor", "reviewer", "superuser"]
NOT_REVIEWERS = ["anonymous", "editor", "moderator", "outside_assessor"]


@pytest.fixture
def people(users, django_user_model):
    return {**users, "outside_assessor": make_assessor(django_user_model, "anna")}


@pytest.fixture
def assessed(people, form_page, criteria, django_user_model):
    """The outside assessor delivered scores with a justification; a second assessor
    declared partiality with a reason; a reviewer proposed «ja». All logged, as the views
    log them. (Not number 1: the form page's editor shows «VKU-2026-0001» as an example.)"""
    application = make_application(form_page, 427)
    own = score(assign(application, people["outside_assessor"]), criteria, [5, 4, 6])
    own.scores.update(justification=JUSTIFICATION)
    log_assessment(own, "delivered", people["outside_assessor"])
    partial = declare(
        assign(application, make_assessor(django_user_model, "bjorn")),
        Declaration.PARTIAL,
        REASON,
    )
    log_assessment(partial, "declared", partial.assessor, declaration=partial.declaration)
    Proposal.objects.create(
        submission=application, recommendation=Recommendation.YES, set_by=people["reviewer"]
    )
    log(application, "applications.proposal", user=people["reviewer"], data={"label": "Ja"})
    return application


def sign_in(client, people, who):
    if who != "anonymous":
        client.force_login(people[who])


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def wagtail_urls(form_page, application):
    revisions = list(form_page.revisions.order_by("pk").values_list("pk", flat=True))
    return [
        "/admin/",
        f"/admin/search/?q={REFERENCE}",
        f"/admin/search/?q={JUSTIFICATION}",
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
        "/admin/snippets/",
        "/admin/pages/",
        f"/admin/pages/{form_page.get_parent().pk}/",
        f"/admin/pages/{form_page.pk}/edit/",
        f"/admin/pages/{form_page.pk}/history/",
        f"/admin/pages/{form_page.pk}/revisions/compare/earliest...{revisions[-1]}/",
        f"/admin/pages/{form_page.pk}/revisions/{revisions[-1]}/view/",
        f"/admin/forms/submissions/{form_page.pk}/",
        "/admin/forms/",
        "/admin/snippets/choose/forms/applicationsubmission/",
        f"/admin/snippets/choose/forms/applicationsubmission/results/?q={REFERENCE}",
        "/admin/choose-page/",
        f"/admin/choose-page/search/?q={REFERENCE}",
        "/admin/localize/api/snippets/forms/applicationsubmission/",
        f"/admin/localize/api/snippets/forms/applicationsubmission/{application.pk}/",
    ]


@pytest.mark.parametrize("who", ROLES)
def test_wagtails_views_show_no_justification_or_reason(client, people, form_page, assessed, who):
    sign_in(client, people, who)
    for url in wagtail_urls(form_page, assessed):
        response = client.get(url)
        assert response.status_code < 500, url
        content = body(response)
        for secret in SECRETS:
            assert secret not in content, (url, secret)
        if who in NOT_REVIEWERS:
            assert REFERENCE not in content, url


def case_handling_urls(form_page, application):
    page = form_page.pk
    return [
        ("get", LIST_URL),
        ("get", f"{LIST_URL}inspect/{application.pk}/"),
        ("get", f"{LIST_URL}history/{application.pk}/"),
        ("get", f"{LIST_URL}usage/{application.pk}/"),
        ("post", f"{LIST_URL}?export=csv"),
        ("post", f"{LIST_URL}?export=xlsx"),
        ("post", f"{LIST_URL}{application.pk}/status/"),
        *(
            ("get", f"/admin/bulk/forms/applicationsubmission/{action}/?id={application.pk}")
            for action in (
                "change_status",
                "assign",
                "assign-assessors",
                "export",
                "delete",
                "send_reply_letters",
            )
        ),
        ("get", reverse("assessment_rounds")),
        ("get", reverse("assessment_ranking", args=[page])),
        ("post", reverse("assessment_proposals", args=[page])),
        ("get", reverse("assessment_round_settings", args=[page])),
        ("post", reverse("assessment_round_settings", args=[page])),
        *(
            ("post", reverse("assessment_export", args=[page, kind, file_format]))
            for kind in ("rangering", "vurderinger")
            for file_format in ("csv", "xlsx")
        ),
    ]


def is_refused(response):
    """403, or Wagtail's answer to PermissionDenied in the admin: back to the dashboard
    with «Beklager, du har ikke tilgang til denne siden.»"""
    if response.status_code == 302:
        return response["Location"] == "/admin/"
    return response.status_code == 403


def test_outside_assessor_is_refused_case_handling_and_the_ranking(
    client, people, form_page, assessed
):
    sign_in(client, people, "outside_assessor")
    refused = []
    for method, url in case_handling_urls(form_page, assessed):
        response = getattr(client, method)(url)
        content = body(response)
        if not is_refused(response) or REFERENCE in content or REASON in content:
            refused.append((method, url, response.status_code))
    assert not refused


def test_outside_assessor_cannot_reopen_a_delivered_assessment(client, people, assessed):
    sign_in(client, people, "outside_assessor")
    own = assessed.assessments.get(assessor=people["outside_assessor"])
    response = client.post(reverse("assessment_reopen", args=[own.pk]))
    assert is_refused(response) or response.status_code == 404
    own.refresh_from_db()
    assert own.delivered_at is not None


STAFF_AREAS = [
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/snippets/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/settings/home/sitesettings/",
    "/admin/reports/oversettelser/",
    "/admin/reports/aging-pages/",
    "/admin/reports/locked/",
    "/admin/forms/",
    "/admin/workflows/list/",
]


def test_outside_assessor_reaches_no_staff_area_but_their_assessments(
    client, people, form_page, assessed
):
    sign_in(client, people, "outside_assessor")
    for url in [*STAFF_AREAS, f"/admin/pages/{form_page.pk}/edit/"]:
        assert is_refused(client.get(url)), url
    response = client.get("/admin/vurdering/")
    assert response.status_code not in (403, 404, 500)


MENU_OF_STAFF = (
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/snippets/",
    "/admin/reports/",
    "/admin/settings/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/forms/",
    LIST_URL,
    "/admin/vurdering/rangering/",
)


def menu(client):
    return sidebar_menu_items(client.get("/admin/").content.decode())


def test_outside_assessors_menu_is_their_assessments_only(client, people, assessed):
    sign_in(client, people, "outside_assessor")
    items = menu(client)
    labels = {item.get("label") for item in items}
    assert "Mine vurderinger" in labels
    assert not labels & {"Sider", "Søknader", "Rangering", "Bilder", "Dokumenter", "Rapporter"}
    assert not labels & {"Innstillinger", "Snippets", "Utdrag", "Skjemaer"}
    assert not [
        item["url"] for item in items if item.get("url") and item["url"].startswith(MENU_OF_STAFF)
    ]


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_editors_and_moderators_menu_has_no_assessments_or_ranking(client, people, who):
    sign_in(client, people, who)
    items = menu(client)
    labels = {item.get("label") for item in items}
    assert "Sider" in labels or any(i.get("url") == "/admin/pages/" for i in items)
    assert not labels & {"Mine vurderinger", "Rangering"}
    assert not [i for i in items if (i.get("url") or "").startswith("/admin/vurdering/")]


@pytest.mark.parametrize("who", ["reviewer", "superuser"])
def test_reviewers_have_the_ranking_in_their_menu(client, people, who):
    sign_in(client, people, who)
    assert "Rangering" in {item.get("label") for item in menu(client)}
