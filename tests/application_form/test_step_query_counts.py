"""A step costs the same number of SQL queries whatever its place and however many answers
the draft holds (issue 16, item 11): each step, and the summary, shown from a draft."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms.intake_guards import TOKEN_FIELD, FormToken
from forms.models import ApplicationDraft, ApplicationSubmission
from tests.application_form.helpers import OPEN
from tests.application_form.test_steps import by_key, contact_step, first_step, step_post
from tests.factories import ApplicationFormFieldFactory
from tests.forms_helpers import build_form

MOST_QUERIES = 25


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_each_step_and_the_summary_cost_the_same_whatever_the_form_holds(client, home_page, clock):
    clock(OPEN)
    _, page, keys = build_form(home_page)
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    step_post(client, page, 2, contact_step(keys))
    assert ApplicationDraft.objects.get().step_reached == 3
    small = [queries_for(client, f"{page.url}?steg={n}") for n in (1, 2, "oppsummering")]

    # Twenty more questions on the second step, answered: the same queries.
    for n in range(20):
        ApplicationFormFieldFactory(page=page, label=f"Ekstra {n}", required=False)
    page.save_revision().publish()
    client.cookies.clear()
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    step_post(client, page, 2, contact_step(keys))
    large = [queries_for(client, f"{page.url}?steg={n}") for n in (1, 2, "oppsummering")]

    assert small == large
    assert max(large) <= MOST_QUERIES, large


def sending_queries(client, page, keys):
    """Fill both steps, then count the queries of «Send søknad» on the summary."""
    client.cookies.clear()
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    step_post(client, page, 2, contact_step(keys))
    data = {TOKEN_FIELD: FormToken.new().dumps(), "steg": 2, "handling": "send"}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(page.url, data)
    assert response.status_code == 302, response.status_code
    return len(queries)


def test_sending_costs_the_same_whatever_the_form_holds(client, home_page, clock):
    # The form as the draft started is read from its revision without checking each row in
    # the database (forms/drafts.py as_started): with the check, twenty more questions cost
    # forty more queries, and the deadline rush's server did a second's work per application.
    clock(OPEN)
    _, page, keys = build_form(home_page)
    sending_queries(client, page, keys)  # the first of a round starts its reference counter
    small = sending_queries(client, page, keys)
    for n in range(20):
        ApplicationFormFieldFactory(page=page, label=f"Ekstra {n}", required=False)
    page.save_revision().publish()
    large = sending_queries(client, page, keys)
    assert ApplicationSubmission.objects.count() == 3
    assert small == large
