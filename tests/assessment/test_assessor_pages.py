"""«Mine vurderinger» and who reaches the assessor's pages at all (issue 17, items 2 and 7)."""

import pytest

from applications.models import Declaration
from tests.assessment.assessor_pages_helpers import (
    LIST_URL,
    assessment_url,
    declare_url,
    denied,
    reopen_url,
    sheet_url,
    tie,
)
from tests.assessment.helpers import assign, declare, score
from tests.review.helpers import make_application

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client, application, assessors):
    assessment = assign(application, assessors[0])
    for url in (LIST_URL, assessment_url(application), sheet_url(application)):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    for url in (declare_url(application), reopen_url(assessment)):
        response = client.post(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_editors_and_moderators_get_403_everywhere(client, users, application, role):
    client.force_login(users[role])
    for url in (LIST_URL, assessment_url(application), sheet_url(application)):
        assert denied(client.get(url)), url
    assert denied(client.post(declare_url(application)))


def test_the_list_shows_only_ones_own_assessments_with_state_and_progress(
    client, form_page, criteria, assessors, users
):
    mine = [make_application(form_page, n) for n in range(1, 5)]
    not_mine = make_application(form_page, 9)
    assign(not_mine, assessors[1])
    assign(mine[0], assessors[0])
    declare(assign(mine[1], assessors[0]), Declaration.PARTIAL, "Nabo")
    score(assign(mine[2], assessors[0]), criteria, [1, 2, 3], deliver=False)
    score(assign(mine[3], assessors[0]), criteria, [1, 2, 3])
    client.force_login(assessors[0])
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for submission in mine:
        assert submission.reference in html and assessment_url(submission) in html
    assert not_mine.reference not in html
    for state in ("Ikke erklært", "Inhabil", "Utkast", "Levert"):
        assert state in html
    assert "Bergen" in html and "Vestland" in html  # municipality and county
    # Delivered of those not partial; the partial one is counted apart.
    assert "1 av 3 levert, 1 inhabil" in html
    assert "Til sammen: 1 av 3 levert, 1 inhabil" in html
    assert form_page.title in html


def test_the_list_flags_applications_from_tied_municipalities(client, form_page, assessors):
    tie(assessors[0], "0301")
    from_bergen = make_application(form_page, 1)
    from_oslo = make_application(form_page, 2, municipality="0301")
    with_oslo = make_application(form_page, 3)
    with_oslo.partner_municipalities.add("0301")
    for submission in (from_bergen, from_oslo, with_oslo):
        assign(submission, assessors[0])
    client.force_login(assessors[0])
    html = client.get(LIST_URL).content.decode()
    rows = {
        s.reference: html.split(s.reference)[1].split("</tr>")[0]
        for s in (from_bergen, from_oslo, with_oslo)
    }
    assert "Mulig inhabil" not in rows[from_bergen.reference]
    assert "Mulig inhabil" in rows[from_oslo.reference]
    assert "Mulig inhabil" in rows[with_oslo.reference]


def test_a_reviewer_with_no_assignments_sees_an_empty_list(client, users):
    client.force_login(users["reviewer"])
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Du har ingen søknader til vurdering." in response.content.decode()


def assign_many(form_page, assessor, count, start):
    from applications.models import Assessment
    from forms.models import ApplicationSubmission, Municipality

    oslo = Municipality.objects.get(number="0301")
    submissions = ApplicationSubmission.objects.bulk_create(
        ApplicationSubmission(
            page=form_page,
            form_data={},
            reference=f"VKU-2026-{n:04d}",
            municipality_id="4601" if n % 2 else "0301",
        )
        for n in range(start, start + count)
    )
    partners = ApplicationSubmission.partner_municipalities.through
    partners.objects.bulk_create(
        partners(applicationsubmission=s, municipality=oslo) for s in submissions[::3]
    )
    Assessment.objects.bulk_create(Assessment(submission=s, assessor=assessor) for s in submissions)


def test_the_list_costs_the_same_queries_for_10_and_500_assignments(
    client, form_page, assessors, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tie(assessors[0], "0301")
    client.force_login(assessors[0])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST_URL).status_code == 200
        return len(context.captured_queries)

    assign_many(form_page, assessors[0], 10, start=100)
    client.get(LIST_URL)  # warm the caches (site, locale) once
    few = queries()
    assign_many(form_page, assessors[0], 490, start=200)
    many = queries()
    assert many == few
    assert "0 av 500 levert, 0 inhabil" in client.get(LIST_URL).content.decode()


def test_a_superuser_is_an_assessor_only_where_assigned(client, application, criteria, users):
    client.force_login(users["superuser"])
    assert client.get(LIST_URL).status_code == 200
    assert client.get(assessment_url(application)).status_code == 404
    declare(assign(application, users["superuser"]))
    html = client.get(assessment_url(application)).content.decode()
    assert "Lever vurdering" in html


def test_a_reviewer_lists_their_assignments_too(client, application, users):
    assign(application, users["reviewer"])
    client.force_login(users["reviewer"])
    html = client.get(LIST_URL).content.decode()
    assert application.reference in html and "0 av 1 levert, 0 inhabil" in html
    client.force_login(users["other_reviewer"])
    assert application.reference not in client.get(LIST_URL).content.decode()
