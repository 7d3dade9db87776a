"""The printable assessment sheet (issue 17, item 6) and the round owner's reopening of a
delivered assessment (item 4)."""

from wagtail.models import ModelLogEntry

import pytest

from applications.models import AssessmentRound, Declaration
from tests.assessment.assessor_pages_helpers import assessment_url, denied, reopen_url, sheet_url
from tests.assessment.helpers import assign, declare, score

pytestmark = pytest.mark.django_db

ANNAS = "Annas begrunnelse"
BJORNS = "Bjørns begrunnelse"


@pytest.fixture
def panel(application, criteria, assessors):
    """Anna delivered (6, 6, 6); Bjørn has a draft (2, 2, 2)."""
    anna = score(assign(application, assessors[0]), criteria, [6, 6, 6], justification=ANNAS)
    bjorn = score(
        assign(application, assessors[1]), criteria, [2, 2, 2], deliver=False, justification=BJORNS
    )
    return anna, bjorn


def sheet(client, user, application):
    client.force_login(user)
    return client.get(sheet_url(application))


def test_the_sheet_is_a_private_printable_page(client, application, criteria, panel, assessors):
    response = sheet(client, assessors[0], application)
    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    html = response.content.decode()
    assert html.count("<h1") == 1 and application.reference in html
    assert "Bergen" in html and "Vestland" in html
    for criterion in criteria:
        assert criterion.title in html
    assert "1–6" in html and ANNAS in html and "6,00" in html


def test_an_assessor_with_a_draft_sees_only_their_own(client, application, panel, assessors):
    html = sheet(client, assessors[1], application).content.decode()
    assert BJORNS in html and ANNAS not in html
    assert "Anna" not in html and "Snitt for søknaden" not in html


def test_after_delivering_an_assessor_sees_the_others_delivered(
    client, application, panel, assessors
):
    anna, bjorn = panel
    html = sheet(client, assessors[0], application).content.decode()
    assert ANNAS in html and BJORNS not in html  # a draft is nobody else's business
    bjorn.delivered_at = anna.delivered_at
    bjorn.save()
    html = sheet(client, assessors[0], application).content.decode()
    assert ANNAS in html and BJORNS in html and "4,00" in html


def test_a_reviewer_who_is_not_assigned_sees_every_counted_assessment(
    client, application, panel, users
):
    html = sheet(client, users["reviewer"], application).content.decode()
    assert ANNAS in html and BJORNS not in html and "6,00" in html


def test_a_reviewer_assigned_without_delivering_sees_no_others(
    client, application, criteria, panel, users
):
    score(assign(application, users["reviewer"]), criteria, [3, 3, 3], deliver=False)
    html = sheet(client, users["reviewer"], application).content.decode()
    assert ANNAS not in html and "Snitt for søknaden" not in html


def test_a_partial_assessor_gets_403_and_an_unassigned_outsider_404(
    client, application, panel, django_user_model
):
    from tests.assessment.helpers import make_assessor

    partial = make_assessor(django_user_model, "cecilie")
    declare(assign(application, partial), Declaration.PARTIAL, "Søster i kulturskolen")
    response = sheet(client, partial, application)
    assert response.status_code == 403 and ANNAS not in response.content.decode()
    outsider = make_assessor(django_user_model, "david")
    assert sheet(client, outsider, application).status_code == 404
    assert client.get("/admin/vurdering/999999/utskrift/").status_code == 404


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_editors_and_moderators_have_no_sheet(client, application, panel, users, role):
    assert denied(sheet(client, users[role], application))


# Reopening


@pytest.fixture
def owned_round(form_page, users):
    return AssessmentRound.objects.create(page=form_page, owner=users["reviewer"])


def test_the_owner_reopens_a_delivered_assessment(client, application, panel, owned_round, users):
    anna, _ = panel
    client.force_login(users["reviewer"])
    html = client.get(sheet_url(application)).content.decode()
    assert html.count('action="/admin/vurdering/gjenapne/') == 1  # Anna's, not Bjørn's draft
    response = client.post(reopen_url(anna))
    assert response.status_code == 302 and response["Location"] == sheet_url(application)
    anna.refresh_from_db()
    assert not anna.is_delivered
    [entry] = ModelLogEntry.objects.for_instance(application).filter(
        action="applications.assessment.reopened"
    )
    assert entry.user_id == users["reviewer"].pk and entry.data["assessor"] == anna.assessor_id
    # Anna may score again.
    client.force_login(anna.assessor)
    assert "Lever vurdering" in client.get(assessment_url(application)).content.decode()


@pytest.mark.parametrize("who", ["assessor", "other_reviewer", "superuser"])
def test_no_one_else_reopens(client, application, panel, owned_round, users, who):
    anna, _ = panel
    client.force_login(anna.assessor if who == "assessor" else users[who])
    assert denied(client.post(reopen_url(anna)))
    anna.refresh_from_db()
    assert anna.is_delivered
    html = client.get(sheet_url(application)).content.decode()
    assert "/admin/vurdering/gjenapne/" not in html


def test_a_superuser_who_owns_the_round_may_reopen(client, application, panel, form_page, users):
    AssessmentRound.objects.create(page=form_page, owner=users["superuser"])
    anna, _ = panel
    client.force_login(users["superuser"])
    assert client.post(reopen_url(anna)).status_code == 302
    anna.refresh_from_db()
    assert not anna.is_delivered


def test_a_round_without_owner_is_reopened_by_no_one(client, application, panel, users):
    anna, _ = panel
    client.force_login(users["superuser"])
    assert denied(client.post(reopen_url(anna)))


def test_reopening_needs_a_post_and_a_real_assessment(client, panel, owned_round, users):
    anna, _ = panel
    client.force_login(users["reviewer"])
    assert client.get(reopen_url(anna)).status_code == 405
    assert client.post("/admin/vurdering/gjenapne/999999/").status_code == 404
    anna.refresh_from_db()
    assert anna.is_delivered


def test_reopening_a_draft_changes_nothing(client, application, panel, owned_round, users):
    _, bjorn = panel
    client.force_login(users["reviewer"])
    assert client.post(reopen_url(bjorn)).status_code == 302
    assert not ModelLogEntry.objects.for_instance(application).filter(
        action="applications.assessment.reopened"
    )


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_sheet_and_the_delivered_page_cost_the_same_for_2_and_8_assessors(
    client, application, criteria, assessors, django_user_model
):
    from tests.assessment.helpers import make_assessor

    def more_assessors(names):
        for name in names:
            score(assign(application, make_assessor(django_user_model, name)), criteria, [3, 4, 5])

    score(assign(application, assessors[0]), criteria, [6, 6, 6])
    more_assessors(["p1"])
    client.force_login(assessors[0])
    urls = (sheet_url(application), assessment_url(application))
    for url in urls:
        client.get(url)  # warm the caches once
    few = [count_queries(client, url) for url in urls]
    more_assessors([f"q{n}" for n in range(6)])
    assert [count_queries(client, url) for url in urls] == few
    assert client.get(sheet_url(application)).content.decode().count("<h3>") == 8


def test_reopening_returns_to_a_safe_next_address(client, panel, owned_round, users):
    anna, _ = panel
    client.force_login(users["reviewer"])
    response = client.post(reopen_url(anna), {"next": "/admin/vurdering/rangering/"})
    assert response["Location"] == "/admin/vurdering/rangering/"
    anna.delivered_at = anna.declared_at
    anna.save()
    response = client.post(reopen_url(anna), {"next": "https://evil.example/"})
    assert response["Location"] == sheet_url(anna.submission)
