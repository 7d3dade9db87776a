"""A step costs the same number of SQL queries whatever its place and however many answers
the draft holds (issue 16, item 11): each step, and the summary, shown from a draft."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms.models import ApplicationDraft
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
