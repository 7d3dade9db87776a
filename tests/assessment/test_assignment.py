"""«Tildel fagvurderere» on «Søknader»: every chosen assessor on each application, or
«fordel jevnt» over them; reviewers only, bad input a form error."""

import re
from collections import Counter

from wagtail.models import ModelLogEntry

import pytest

from applications.assessor_assignment import plan_assignments
from applications.models import Assessment
from tests.assessment.helpers import assign, make_assessor
from tests.review.helpers import bulk_url, make_application
from tests.text import visible_text

ACTION = "assign-assessors"


@pytest.fixture
def panel(django_user_model):
    """Three outside assessors, named so that their order by name is Anna, Bjørn, Cecilie."""
    return [make_assessor(django_user_model, name) for name in ("cecilie", "anna", "bjorn")]


def loads(assessors, page=None):
    rows = Assessment.objects.all()
    if page is not None:
        rows = rows.filter(submission__page=page)
    counts = Counter(rows.values_list("assessor_id", flat=True))
    return [counts[a.pk] for a in sorted(assessors, key=lambda a: a.first_name)]


def test_evenly_spreads_ten_applications_over_three_two_each(client, users, form_page, panel):
    applications = [make_application(form_page, n) for n in range(1, 11)]
    client.force_login(users["reviewer"])
    response = client.post(
        bulk_url(ACTION, *applications),
        {"assessors": [a.pk for a in panel], "mode": "jevnt", "per_application": 2},
    )
    assert response.status_code == 302
    assert loads(panel) == [7, 7, 6]  # Anna and Bjørn first by name
    for application in applications:
        on_it = list(application.assessments.values_list("assessor", flat=True))
        assert len(on_it) == 2 and len(set(on_it)) == 2
    assert ModelLogEntry.objects.filter(action="applications.assessment.assigned").count() == 20
    assert Assessment.objects.filter(assigned_by=users["reviewer"]).count() == 20


def test_evenly_counts_what_each_already_has_on_the_form(form_page, panel, users):
    anna, bjorn, cecilie = sorted(panel, key=lambda a: a.first_name)
    earlier = [make_application(form_page, n) for n in (1, 2, 3)]
    for application in earlier:
        assign(application, anna)
    new = [make_application(form_page, n) for n in range(4, 10)]
    plan = plan_assignments(new, panel, per_application=1)
    for submission, assessor in plan:
        Assessment.objects.create(submission=submission, assessor=assessor)
    # Anna had 3: the six new ones go to Bjørn and Cecilie until all have 3, then by name.
    assert loads(panel) == [3, 3, 3]
    assert [a for _s, a in plan][:2] == [bjorn, cecilie]


def test_evenly_leaves_out_another_forms_load(home_page, form_page, panel):
    from tests.factories import ApplicationFormPageFactory

    other_form = ApplicationFormPageFactory(parent=form_page.get_parent(), slug="annen")
    anna = min(panel, key=lambda a: a.first_name)
    for n in (1, 2, 3):
        assign(make_application(other_form, n), anna)
    plan = plan_assignments([make_application(form_page, 4)], panel, per_application=1)
    assert [a for _s, a in plan] == [anna]


def test_evenly_skips_an_assessor_already_on_the_application(form_page, panel, users):
    anna, bjorn, cecilie = sorted(panel, key=lambda a: a.first_name)
    application = make_application(form_page, 1)
    assign(application, anna)
    plan = plan_assignments([application], panel, per_application=2)
    # Anna counts towards the two; one more is added, never Anna twice.
    assert [a for _s, a in plan] == [bjorn]
    assert plan_assignments([application], [anna], per_application=1) == []


def test_evenly_is_the_same_every_time(form_page, panel):
    applications = [make_application(form_page, n) for n in range(1, 8)]
    first = [(s.pk, a.pk) for s, a in plan_assignments(applications, panel, 2)]
    again = [(s.pk, a.pk) for s, a in plan_assignments(applications[::-1], panel[::-1], 2)]
    assert first == again


def test_everyone_chosen_on_each_application_skipping_those_there(client, users, form_page, panel):
    anna = min(panel, key=lambda a: a.first_name)
    applications = [make_application(form_page, n) for n in (1, 2)]
    assign(applications[0], anna)
    client.force_login(users["reviewer"])
    response = client.post(
        bulk_url(ACTION, *applications),
        {"assessors": [a.pk for a in panel], "mode": "alle"},
        follow=True,
    )
    assert loads(panel) == [2, 2, 2]
    text = visible_text(response.content.decode())
    assert "5 fagvurderere tildelt. 1 var tildelt fra før." in text


def test_the_form_lists_the_assessors_and_the_selection(client, users, form_page, panel):
    application = make_application(form_page, 1)
    client.force_login(users["reviewer"])
    page = client.get(bulk_url(ACTION, application)).content.decode()
    text = visible_text(page)
    assert "VKU-2026-0001" in text
    for name in ("Anna Vurderer", "Bjorn Vurderer", "Cecilie Vurderer", "Fordel jevnt"):
        assert name in text
    assert "<legend" in page and "csrfmiddlewaretoken" in page
    # Editors are no assessors and are not offered.
    assert f'name="assessors" value="{users["editor"].pk}"' not in page
    assert f'name="assessors" value="{panel[0].pk}"' in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"assessors": [], "mode": "alle"}, "Velg minst én fagvurderer."),
        ({"assessors": ["abc"], "mode": "alle"}, "Velg fagvurderere fra listen."),
        ({"assessors": ["99999999999999999999999"], "mode": "alle"}, "fra listen"),
        ({"assessors": ["999999"], "mode": "alle"}, "Velg fagvurderere fra listen."),
        ({"mode": "jevnt", "per_application": "x"}, "Skriv et helt tall."),
        ({"mode": "jevnt", "per_application": "4"}, "Velg høyst 3"),
        ({"mode": "jevnt", "per_application": "0"}, "Fagvurderere per søknad"),
        ({"mode": "jevnt"}, "Skriv hvor mange fagvurderere hver søknad får."),
        ({"mode": "tilfeldig"}, "Fordeling"),
    ],
)
def test_bad_input_is_a_form_error(client, users, form_page, panel, data, message):
    application = make_application(form_page, 1)
    data = {"assessors": [a.pk for a in panel], **data}
    client.force_login(users["reviewer"])
    response = client.post(bulk_url(ACTION, application), data)
    assert response.status_code == 200
    assert message in visible_text(response.content.decode())
    assert not Assessment.objects.exists()


def test_an_editor_cannot_be_assigned(client, users, form_page, panel):
    application = make_application(form_page, 1)
    client.force_login(users["reviewer"])
    response = client.post(
        bulk_url(ACTION, application), {"assessors": [users["editor"].pk], "mode": "alle"}
    )
    assert response.status_code == 200
    assert not Assessment.objects.exists()


def test_unknown_application_ids_are_left_out_and_bad_ones_refused(client, users, form_page, panel):
    application = make_application(form_page, 1)
    client.force_login(users["reviewer"])
    url = bulk_url(ACTION, application).replace("?", "?id=424242&", 1)
    response = client.post(url, {"assessors": [panel[0].pk], "mode": "alle"})
    assert response.status_code == 302
    assert Assessment.objects.get().submission == application
    assert client.get(bulk_url(ACTION).replace("?", "?id=424242&", 1)).status_code == 404
    # Ids no row can have: a Norwegian message (website/admin_errors.py), never a 500.
    for bad in ("abc", "99999999999999999999999"):
        response = client.post(bulk_url(ACTION).replace("?", f"?id={bad}&", 1))
        assert response.status_code in (400, 404)
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize(
    "role, allowed",
    [("editor", False), ("moderator", False), ("assessor", False), ("superuser", True)],
)
def test_only_reviewers_assign_assessors(client, users, form_page, panel, role, allowed):
    application = make_application(form_page, 1)
    client.force_login(panel[0] if role == "assessor" else users[role])
    data = {"assessors": [panel[0].pk], "mode": "alle"}
    response = client.post(bulk_url(ACTION, application), data)
    assert Assessment.objects.exists() == allowed
    if allowed:
        assert response["Location"] == "/admin/soknader/liste/"
    else:
        # Wagtail's admin answers PermissionDenied with a redirect to its home page.
        assert response.status_code == 302 and response["Location"] == "/admin/"
        response = client.get(bulk_url(ACTION, application))
        assert response.status_code == 302 and "VKU-2026-0001" not in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client, form_page, panel):
    application = make_application(form_page, 1)
    response = client.post(bulk_url(ACTION, application), {"assessors": [panel[0].pk]})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Assessment.objects.exists()


def test_the_listing_offers_the_action_to_reviewers(client, users, form_page):
    make_application(form_page, 1)
    client.force_login(users["reviewer"])
    page = client.get("/admin/soknader/liste/").content.decode()
    assert "Tildel fagvurderere" in page and f"/{ACTION}/" in page


def test_errors_are_summarised_and_linked_to_their_fields(client, users, form_page, panel):
    application = make_application(form_page, 1)
    client.force_login(users["reviewer"])
    page = client.post(
        bulk_url(ACTION, application), {"mode": "jevnt", "per_application": "x"}
    ).content.decode()
    assert 'href="#id_assessors"' in page and 'id="id_assessors"' in page
    assert 'href="#id_per_application"' in page and 'aria-invalid="true"' in page
    # What was typed and chosen is kept.
    assert 'value="x"' in page
    assert re.search(r'<input[^>]*name="mode"[^>]*value="jevnt"[^>]*checked', page)
