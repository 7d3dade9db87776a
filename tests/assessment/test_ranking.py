"""The ranking of a round (issue 17, item 5): order by weighted average, the spread flag,
partial assessors left out, hidden rows, withdrawn applications, and its cost in queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale

import pytest

from applications.models import AssessmentRound, Declaration
from applications.ranking import rank
from forms.models import ReviewStatus
from tests.assessment.helpers import assign, declare, score
from tests.assessment.ranking_helpers import bulk_applications, ranking_url
from tests.review.helpers import make_application


def references(ranking):
    return [row.application.reference for row in ranking.rows]


def test_the_weight_of_a_criterion_decides_the_order(form_page, criteria, assessors, users):
    first, second = make_application(form_page, 1), make_application(form_page, 2)
    # Unweighted both average 4; criterion 2 weighs 2, so the second comes first:
    # first (6×1 + 2×2 + 4×1) / 4 = 3.5, second (2×1 + 6×2 + 4×1) / 4 = 4.5.
    score(assign(first, assessors[0]), criteria, [6, 2, 4])
    score(assign(second, assessors[0]), criteria, [2, 6, 4])
    ranking = rank(form_page, users["reviewer"])
    assert references(ranking) == [second.reference, first.reference]
    assert [row.summary.average for row in ranking.rows] == [Decimal("4.50"), Decimal("3.50")]
    assert [row.rank for row in ranking.rows] == [1, 2]


def test_rows_without_an_average_come_last_then_by_reference(form_page, criteria, assessors, users):
    unscored_b, unscored_a = make_application(form_page, 9), make_application(form_page, 8)
    scored = make_application(form_page, 10)
    score(assign(scored, assessors[0]), criteria, [1, 1, 1])
    ranking = rank(form_page, users["reviewer"])
    assert references(ranking) == [scored.reference, unscored_a.reference, unscored_b.reference]
    assert [row.rank for row in ranking.rows] == [1, None, None]


@pytest.mark.parametrize(
    "second, flagged",
    # The first assessor's average is 5; limit 2: a spread of 2 is at it, 2.5 above it.
    [([3, 3, 3], False), ([3, 2, 3], True)],
)
def test_the_spread_is_flagged_above_the_rounds_limit(
    client, form_page, criteria, assessors, users, second, flagged
):
    AssessmentRound.objects.create(page=form_page, spread_limit=Decimal("2"))
    application = make_application(form_page, 1)
    score(assign(application, assessors[0]), criteria, [5, 5, 5])
    score(assign(application, assessors[1]), criteria, second)
    row = rank(form_page, users["reviewer"]).rows[0]
    assert row.disagrees is flagged
    client.force_login(users["reviewer"])
    html = client.get(ranking_url(form_page)).content.decode()
    assert ("Uenighet</strong>" in html) is flagged


def test_a_partial_assessor_is_left_out_of_the_average(form_page, criteria, assessors, users):
    application = make_application(form_page, 1)
    score(assign(application, assessors[0]), criteria, [4, 4, 4])
    partial = declare(assign(application, assessors[1]), Declaration.PARTIAL, "Nabo")
    score(partial, criteria, [1, 1, 1])
    summary = rank(form_page, users["reviewer"]).rows[0].summary
    assert summary.average == Decimal("4.00")
    assert (summary.delivered, summary.assigned, summary.partial) == (1, 1, 1)


def test_a_reviewer_who_is_an_assessor_sees_no_score_before_delivering(
    client, form_page, criteria, assessors, users
):
    application = make_application(form_page, 1)
    score(assign(application, assessors[0]), criteria, [6, 6, 6])
    own = score(assign(application, users["reviewer"]), criteria, [2, 2, 2], deliver=False)
    client.force_login(users["reviewer"])
    html = client.get(ranking_url(form_page)).content.decode()
    assert "Skjult til du har levert din vurdering" in html
    assert "6,00" not in html
    own.delivered_at = own.declared_at
    own.save()
    html = client.get(ranking_url(form_page)).content.decode()
    assert "Skjult til du har levert din vurdering" not in html
    assert "4,00" in html  # the average, with a Norwegian decimal comma


def test_the_page_shows_rows_criteria_and_counts(client, form_page, criteria, assessors, users):
    application = make_application(form_page, 1)
    score(assign(application, assessors[0]), criteria, [6, 3, 2])
    assign(application, assessors[1])
    client.force_login(users["reviewer"])
    html = client.get(ranking_url(form_page)).content.decode()
    assert f'href="/admin/soknader/liste/inspect/{application.pk}/"' in html
    assert "Kriterium 2: vekt 2, skala 1–6" in html
    assert "1 av 2" in html  # delivered of assigned
    assert "3,50" in html
    assert "<td>Bergen</td>" in html and "<td>Vestland</td>" in html


def test_withdrawn_applications_are_left_out_and_counted(form_page, criteria, users):
    make_application(form_page, 1)
    make_application(form_page, 2, status=ReviewStatus.WITHDRAWN)
    ranking = rank(form_page, users["reviewer"])
    assert references(ranking) == ["VKU-2026-0001"]
    assert ranking.withdrawn == 1


def test_only_the_norwegian_form_page_has_a_ranking(client, form_page, home_page, users):
    client.force_login(users["reviewer"])
    assert client.get(ranking_url(home_page)).status_code == 404
    assert client.get("/admin/vurdering/rangering/999999/").status_code == 404
    assert client.get("/admin/vurdering/rangering/abc/").status_code == 404
    english = Locale.objects.get(language_code="en")
    translated = form_page.copy_for_translation(english, copy_parents=True)
    assert client.get(ranking_url(translated)).status_code == 404
    assert client.get(ranking_url(form_page)).status_code == 200


def ranking_queries(client, form_page):
    # Warm first: adding applications may start a new content generation, whose lookups
    # (website/cache_generation.py) the next request fills once.
    client.get(ranking_url(form_page))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ranking_url(form_page))
    assert response.status_code == 200
    return len(queries)


def test_the_ranking_costs_the_same_queries_for_10_and_500_applications(
    client, form_page, criteria, assessors, users
):
    client.force_login(users["reviewer"])
    bulk_applications(form_page, 10, criteria, assessors)
    few = ranking_queries(client, form_page)
    bulk_applications(form_page, 490, criteria, assessors, start=2000)
    many = ranking_queries(client, form_page)
    assert len(rank(form_page, users["reviewer"]).rows) == 500
    assert many == few


def test_the_rounds_list_counts_applications_and_assessments_in_fixed_queries(
    client, form_page, criteria, assessors, users
):
    client.force_login(users["reviewer"])
    bulk_applications(form_page, 10, criteria, assessors)
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/vurdering/rangering/")
    bulk_applications(form_page, 490, criteria, assessors, start=2000)
    make_application(form_page, 1, status=ReviewStatus.WITHDRAWN)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/admin/vurdering/rangering/").content.decode()
    assert len(many) == len(few)
    assert "<td>500</td>" in html and "1000 av 1000" in html
