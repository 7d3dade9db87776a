"""«Faglig vurdering» on the application's page: each assessor's state, the summary as the
reviewer may see it, adding and removing assessors (reviewers only, by POST)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.formats import date_format
from django.utils.timezone import localtime

from wagtail.models import ModelLogEntry

import pytest

from applications.models import Assessment, CriterionScore, Declaration
from tests.assessment.helpers import assign, declare, make_assessor, score
from tests.review.helpers import LIST_URL
from tests.text import visible_text


def page_url(application):
    return f"{LIST_URL}inspect/{application.pk}/"


def add_url(application):
    return f"{LIST_URL}{application.pk}/fagvurderere/"


def remove_url(application, assessment_id):
    return f"{LIST_URL}{application.pk}/fagvurderere/{assessment_id}/fjern/"


def section(client, application):
    page = visible_text(client.get(page_url(application)).content.decode())
    start = page.index("Faglig vurdering")
    return page[
        start : page.index("Mulige duplikater", start)
        if "Mulige duplikater" in page
        else start + 2000
    ]


def test_each_assessor_with_their_state(client, users, application, criteria, assessors):
    carl = make_assessor(type(users["reviewer"]), "carl")
    dina = make_assessor(type(users["reviewer"]), "dina")
    assign(application, assessors[0])  # not declared
    declare(assign(application, assessors[1]))  # impartial, nothing scored
    declare(assign(application, carl), Declaration.PARTIAL, "Søsteren min er rektor")
    score(assign(application, dina), criteria, [4, 4, 4], deliver=False)
    delivered = score(assign(application, users["other_reviewer"]), criteria, [5, 5, 5])
    client.force_login(users["reviewer"])
    text = section(client, application)
    assert "Anna Vurderer Ikke erklært" in text
    assert "Bjorn Vurderer Ikke inhabil" in text
    assert "Carl Vurderer Inhabil: Søsteren min er rektor" in text
    assert "Dina Vurderer Utkast" in text
    when = date_format(localtime(delivered.delivered_at), "DATETIME_FORMAT")
    assert f"behandler2 Levert {when} Levert, kan ikke fjernes" in text
    assert "Snitt 5,00 Spredning (høyeste–laveste) 0,00" in text
    assert "Leverte vurderinger 1 av 4" in text
    assert "Inhabile 1" in text


def test_the_summary_is_hidden_from_a_reviewer_who_assesses_it_until_delivered(
    client, users, application, criteria, assessors
):
    score(assign(application, assessors[0]), criteria, [6, 6, 6])
    own = score(assign(application, users["reviewer"]), criteria, [2, 2, 2], deliver=False)
    client.force_login(users["reviewer"])
    text = section(client, application)
    assert "Snitt Skjult til du har levert" in text and "6,00" not in text
    score(own, criteria, [2, 2, 2])
    assert "Snitt 4,00 Spredning (høyeste–laveste) 4,00" in section(client, application)


def test_links_to_the_sheet_and_the_ranking(client, users, application):
    client.force_login(users["reviewer"])
    page = client.get(page_url(application)).content.decode()
    assert f'href="/admin/vurdering/{application.pk}/utskrift/"' in page
    assert f'href="/admin/vurdering/rangering/{application.page_id}/"' in page


def test_a_reviewer_adds_an_assessor_not_yet_on_it(client, users, application, assessors):
    assign(application, assessors[0])
    client.force_login(users["reviewer"])
    page = client.get(page_url(application)).content.decode()
    options = page[
        page.index('name="assessor"') : page.index("</select>", page.index('name="assessor"'))
    ]
    assert f'value="{assessors[1].pk}"' in options
    assert f'value="{assessors[0].pk}"' not in options  # already on it
    assert f'value="{users["editor"].pk}"' not in options  # no assessor
    response = client.post(add_url(application), {"assessor": assessors[1].pk}, follow=True)
    assert "Bjorn Vurderer er tildelt søknaden." in visible_text(response.content.decode())
    added = Assessment.objects.get(submission=application, assessor=assessors[1])
    assert added.assigned_by == users["reviewer"]
    entry = ModelLogEntry.objects.for_instance(application).get(
        action="applications.assessment.assigned"
    )
    assert entry.data["assessor"] == assessors[1].pk and entry.user == users["reviewer"]


@pytest.mark.parametrize("value", ["", "abc", "²", "99999999999999999999999", "424242"])
def test_adding_someone_not_offered_is_a_message(client, users, application, value):
    client.force_login(users["reviewer"])
    response = client.post(add_url(application), {"assessor": value}, follow=True)
    assert response.status_code == 200
    assert "Velg en fagvurderer fra listen." in visible_text(response.content.decode())
    assert not Assessment.objects.exists()


def test_adding_an_editor_or_one_already_on_it_is_refused(client, users, application, assessors):
    assign(application, assessors[0])
    client.force_login(users["reviewer"])
    for user in (users["editor"], assessors[0]):
        response = client.post(add_url(application), {"assessor": user.pk}, follow=True)
        assert "Velg en fagvurderer fra listen." in visible_text(response.content.decode())
    assert Assessment.objects.count() == 1


def test_a_reviewer_removes_an_assessor_who_has_not_delivered(
    client, users, application, criteria, assessors
):
    draft = score(assign(application, assessors[0]), criteria, [3, 3, 3], deliver=False)
    client.force_login(users["reviewer"])
    response = client.post(remove_url(application, draft.pk), follow=True)
    assert "Anna Vurderer er fjernet fra søknaden." in visible_text(response.content.decode())
    assert not Assessment.objects.exists() and not CriterionScore.objects.exists()
    entry = ModelLogEntry.objects.for_instance(application).get(
        action="applications.assessment.unassigned"
    )
    assert entry.data["assessor_name"] == "Anna Vurderer"


def test_a_delivered_assessment_is_not_removed(client, users, application, criteria, assessors):
    delivered = score(assign(application, assessors[0]), criteria, [3, 3, 3])
    client.force_login(users["reviewer"])
    page = client.get(page_url(application)).content.decode()
    assert remove_url(application, delivered.pk) not in page
    response = client.post(remove_url(application, delivered.pk), follow=True)
    text = visible_text(response.content.decode())
    assert "Vurderingen til Anna Vurderer er levert og kan ikke fjernes." in text
    assert Assessment.objects.filter(pk=delivered.pk).exists()
    assert not ModelLogEntry.objects.filter(action="applications.assessment.unassigned").exists()


def test_removing_another_applications_or_an_unknown_assessment_is_404(
    client, users, form_page, application, assessors
):
    from tests.review.helpers import make_application

    other = assign(make_application(form_page, 2), assessors[0])
    client.force_login(users["reviewer"])
    assert client.post(remove_url(application, other.pk)).status_code == 404
    assert client.post(remove_url(application, 424242)).status_code == 404
    for bad in ("abc", "99999999999999999999999"):
        assert client.post(remove_url(application, bad)).status_code == 404
        assert client.post(f"{LIST_URL}{bad}/fagvurderere/", {"assessor": 1}).status_code == 404
    assert Assessment.objects.filter(pk=other.pk).exists()


def test_the_actions_are_posts(client, users, application, assessors):
    assessment = assign(application, assessors[0])
    client.force_login(users["reviewer"])
    assert client.get(add_url(application)).status_code == 405
    assert client.get(remove_url(application, assessment.pk)).status_code == 405
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("anonymous", False),
        ("editor", False),
        ("moderator", False),
        ("assessor", False),
        ("reviewer", True),
        ("superuser", True),
    ],
)
def test_who_adds_and_removes_assessors(client, users, application, assessors, role, allowed):
    if role == "assessor":
        client.force_login(assessors[0])
    elif role != "anonymous":
        client.force_login(users[role])
    kept = assign(application, assessors[0])
    client.post(remove_url(application, kept.pk))
    client.post(add_url(application), {"assessor": assessors[1].pk})
    assert Assessment.objects.filter(pk=kept.pk).exists() != allowed
    assert Assessment.objects.filter(assessor=assessors[1]).exists() == allowed
    page = client.get(page_url(application))
    assert ("Faglig vurdering" in page.content.decode()) == allowed


def test_the_page_costs_the_same_for_two_and_for_eight_assessors(
    client, users, application, criteria, django_user_model
):
    def queries():
        # Warm first: new users may start a new content generation, whose lookups
        # (website/cache_generation.py) the next request fills once.
        client.get(page_url(application))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(application)).status_code == 200
        return len(captured)

    client.force_login(users["reviewer"])

    def add(names):
        for name in names:
            assessment = assign(application, make_assessor(django_user_model, name))
            score(assessment, criteria, [4, 5, 6], deliver=name.endswith("1"))

    add(["a1", "b2"])
    few = queries()
    add(["c1", "d2", "e1", "f2", "g1", "h2"])
    assert queries() == few
