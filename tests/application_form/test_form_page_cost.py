"""The form page costs what a content page costs (issue 20, item 2): the blank form is
rendered once per content generation, language and window status (forms/shared_render.py),
and each visitor gets their own CSRF and form tokens in it."""

import datetime
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from forms.intake_guards import TOKEN_FIELD
from forms.models import ApplicationSubmission
from forms.shared_render import CSRF_PLACEHOLDER, FORM_TOKEN_PLACEHOLDER
from tests.application_form.helpers import OPEN
from tests.application_form.test_steps import by_key, first_step, step_post
from tests.forms_helpers import translate_form, valid_answers

pytestmark = pytest.mark.django_db

# Routing asks nothing once the generation's tree and pages are known (home/routing.py)
# but Wagtail's first steps: the active locale and the root's specific page (and, for a
# translation, the root in its language). No page is private: no view-restriction check.
FIRST_STEP_QUERIES = 2
ONE_PAGE_QUERIES = 2
ENGLISH_QUERIES = 3
# «Neste» with a draft: routing's two, the form's questions, the draft and its files, and
# the two writes. The form as the draft started is kept per revision (forms/drafts.py).
NEXT_STEP_QUERIES = 7
# A post with errors renders the whole form for one visitor: bounded, not shared.
POST_WITH_ERRORS_MOST_QUERIES = 12


@pytest.fixture
def one_page(page):
    """build_form's form without its section headings: one page, not step by step."""
    page.form_fields.filter(field_type="section").delete()
    page.save_revision().publish()
    return page


def queries_for(client, url, **extra):
    # The first visit fills the shared render and the generation's lookups, the second
    # finds the sites this process keeps for the generation.
    client.get(url, **extra)
    client.get(url, **extra)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return len(queries)


def tokens(response):
    html = response.content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', html).group(1)
    return csrf, form


def shared_renders(client, url, **extra):
    """Whether a GET was answered from the shared render: no template was rendered."""
    response = client.get(url, **extra)
    assert response.status_code == 200
    return not response.templates


def test_the_first_step_costs_a_fixed_few_queries(client, page):
    assert queries_for(client, page.url) == FIRST_STEP_QUERIES
    assert queries_for(client, f"{page.url}?steg=1") == FIRST_STEP_QUERIES


def test_the_one_page_form_costs_a_fixed_few_queries(client, one_page):
    assert queries_for(client, one_page.url) == ONE_PAGE_QUERIES


def test_the_english_form_costs_a_fixed_few_queries(client, page):
    english = translate_form(page)
    assert queries_for(client, english.url) == ENGLISH_QUERIES


def test_next_costs_a_fixed_few_queries(client, page, keys):
    """«Neste» is the deadline rush's most frequent request (six per application)."""
    step_post(client, page, 1, by_key(keys, first_step(keys)))  # starts the draft
    step_post(client, page, 1, by_key(keys, first_step(keys)))  # reads the form it started on
    with CaptureQueriesContext(connection) as queries:
        response = step_post(client, page, 1, by_key(keys, first_step(keys)))
    assert response.status_code == 302
    assert len(queries) == NEXT_STEP_QUERIES, "\n".join(q["sql"][:90] for q in queries)


def test_a_post_with_errors_is_bounded(client, one_page, keys):
    data = {TOKEN_FIELD: tokens(client.get(one_page.url))[1], **valid_answers(keys, name=None)}
    client.post(one_page.url, data)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(one_page.url, data)
    assert response.status_code == 200 and 'id="feiloppsummering"' in response.content.decode()
    assert len(queries) <= POST_WITH_ERRORS_MOST_QUERIES


def test_the_second_get_renders_no_template_and_no_field(client, page, monkeypatch):
    assert not shared_renders(client, page.url)
    calls = []
    monkeypatch.setattr("forms.step_flow.render_step", lambda *args, **kwargs: calls.append(args))
    assert shared_renders(client, page.url)
    assert shared_renders(Client(), page.url)
    assert calls == []


def test_a_process_with_other_code_renders_the_page_anew(client, page, monkeypatch):
    client.get(page.url)
    assert shared_renders(client, page.url)
    monkeypatch.setattr("forms.shared_render.PROCESS", "a-newly-deployed-worker")
    assert not shared_renders(client, page.url)
    assert shared_renders(client, page.url)


def test_two_visitors_get_their_own_tokens_and_both_can_send(one_page, keys):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_tokens, second_tokens = tokens(first.get(one_page.url)), tokens(second.get(one_page.url))
    assert shared_renders(second, one_page.url)
    for token in (*first_tokens, *second_tokens):
        assert token not in (CSRF_PLACEHOLDER, FORM_TOKEN_PLACEHOLDER)
    assert first_tokens[0] != second_tokens[0] and first_tokens[1] != second_tokens[1]
    for client, (csrf, form_token), email in [
        (first, first_tokens, "kari@bergen.kommune.no"),
        (second, second_tokens, "ola@voss.kommune.no"),
    ]:
        data = {"csrfmiddlewaretoken": csrf, TOKEN_FIELD: form_token}
        data.update(valid_answers(keys, email=email))
        assert client.post(one_page.url, data).status_code == 302
    assert ApplicationSubmission.objects.count() == 2


def test_an_editor_a_preview_a_draft_and_a_post_never_share_the_render(
    client, page, keys, admin_user
):
    editor = Client()
    editor.force_login(admin_user)
    assert not shared_renders(editor, page.url)
    assert not shared_renders(editor, page.url)
    assert "wagtail-userbar" in editor.get(page.url).content.decode()
    # The editor's render was not kept: the next anonymous visitor renders the page anew.
    assert not shared_renders(client, page.url)
    assert "wagtail-userbar" not in client.get(page.url).content.decode()

    preview = page.make_preview_request()
    assert preview.status_code == 200 and hasattr(preview, "context_data")

    drafting = Client()
    drafting.post(
        page.url, {TOKEN_FIELD: tokens(client.get(page.url))[1], "steg": 1, "handling": "lagre"}
    )
    assert "soknadsutkast" in drafting.cookies
    assert not shared_renders(drafting, page.url)
    assert not shared_renders(drafting, f"{page.url}?steg=2")
    assert not shared_renders(client, f"{page.url}?steg=1&fra=oppsummering")


def test_a_new_revision_a_language_and_the_window_show_at_once(client, page, clock):
    client.get(page.url)
    assert shared_renders(client, page.url)
    page.intro = "<p>Ny innledning for søkerne.</p>"
    page.save_revision().publish()
    assert "Ny innledning for søkerne." in client.get(page.url).content.decode()

    english = translate_form(page)
    assert 'lang="en"' in client.get(english.url).content.decode()
    assert 'lang="nb"' in client.get(page.url).content.decode()

    open_html = client.get(page.url).content.decode()
    clock(OPEN + datetime.timedelta(days=365))
    closed_html = client.get(page.url).content.decode()
    assert 'name="csrfmiddlewaretoken"' in open_html
    assert 'name="csrfmiddlewaretoken"' not in closed_html  # the form is gone when closed
