"""The form posted at once (forms/submission.py serve_form), checked where mutation testing
(docs/mutation.md) found it unguarded: the notice for a garbled token word for word, a form
sent again after it was stored, a kept file and a new one for the same question, the draft
cookie after sending, and the page's menu and footer."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import Page, Site

import pytest

from forms.drafts import COOKIE_NAME
from forms.intake_guards import TOKEN_FIELD, FormToken
from forms.models import ApplicationDraft, ApplicationSubmission, DraftAttachment
from tests.application_form.helpers import errors_of
from tests.forms_helpers import (
    post_application,
    shows_menu_and_footer,
    site_menu_and_footer,
    valid_answers,
)

PDF = b"%PDF-1.4\n%test\n"

INCOMPLETE = (
    "<p>Skjemaet var utløpt eller ufullstendig. Svarene dine står fortsatt i "
    "skjemaet; send på nytt.</p>"
)


@pytest.fixture
def one_page(page):
    """build_form's form without its section headings: one page, not step by step."""
    page.form_fields.filter(field_type="section").delete()
    return page


def token_data():
    return {TOKEN_FIELD: FormToken.new().dumps()}


def pdf(name):
    return SimpleUploadedFile(name, PDF)


def keep_a_file(client, page, keys, name="budsjett.pdf"):
    """A post with an error elsewhere: the file is kept with a new draft (and its cookie)."""
    response = post_application(client, page, valid_answers(keys, name=None, attachment=pdf(name)))
    assert response.status_code == 200 and "Navn" in errors_of(response)
    assert COOKIE_NAME in response.cookies
    return DraftAttachment.objects.get()


# The token


@pytest.mark.parametrize("token", ["noe-tull", "eyJuIjoiMSJ9:1vX:garbled"])
def test_a_garbled_token_is_refused_in_these_words_with_the_answers_kept(client, page, keys, token):
    response = post_application(client, page, valid_answers(keys), token=token)
    html = response.content.decode()
    assert response.status_code == 200
    assert INCOMPLETE in html
    assert 'value="Kari Nordmann"' in html
    assert not ApplicationSubmission.objects.exists()


def test_a_form_sent_again_after_it_was_stored_shows_that_applications_confirmation(
    client, page, keys
):
    token = FormToken.new().dumps()
    first = post_application(client, page, valid_answers(keys), token=token)
    assert first.status_code == 302
    # The same filling-in sent again (back and send), now even with an answer missing.
    again = post_application(client, page, valid_answers(keys, name=None), token=token)
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert ApplicationSubmission.objects.count() == 1


# A kept file


def test_a_new_file_for_the_question_of_a_kept_one_is_sent_and_the_kept_one_dropped(
    client, page, keys
):
    held = keep_a_file(client, page, keys)
    storage, name = held.file.storage, held.file.name
    response = post_application(client, page, valid_answers(keys, attachment=pdf("plan.pdf")))
    assert response.status_code == 302, errors_of(response)
    application = ApplicationSubmission.objects.get()
    assert [a.original_name for a in application.attachments.all()] == ["plan.pdf"]
    assert not DraftAttachment.objects.exists() and not storage.exists(name)
    assert ApplicationDraft.objects.get().submission == application


def test_a_kept_file_without_a_new_one_goes_with_the_application(client, page, keys):
    held = keep_a_file(client, page, keys)
    name = held.file.name
    response = post_application(client, page, valid_answers(keys))
    assert response.status_code == 302, errors_of(response)
    application = ApplicationSubmission.objects.get()
    attachment = application.attachments.get()
    assert (attachment.original_name, attachment.file.name) == ("budsjett.pdf", name)
    assert attachment.file.storage.exists(name)
    assert application.form_data[keys["attachment"]] == "budsjett.pdf"
    assert ApplicationDraft.objects.get().submission == application


# The draft cookie


def test_sending_with_a_draft_deletes_the_browsers_draft_cookie(client, page, keys):
    keep_a_file(client, page, keys)
    response = post_application(client, page, valid_answers(keys))
    assert response.status_code == 302
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "" and cookie["max-age"] == 0
    assert cookie["path"] == page.url


def test_the_draft_cookie_is_deleted_at_the_path_it_was_set_for_on_a_nested_site(
    client, page, keys
):
    # The program area also has a site of its own (its own domain), so the form page has a
    # second path, there; on the main site the cookie must go at the path it was set for.
    path = page.url
    Site.objects.create(
        hostname="veiledning.example", root_page=Page.objects.get(slug="program"), port=80
    )
    with_error = valid_answers(keys, name=None, attachment=pdf("budsjett.pdf"))
    assert client.post(path, {**token_data(), **with_error}).cookies[COOKIE_NAME]["path"] == path
    response = client.post(path, {**token_data(), **valid_answers(keys)})
    assert response.status_code == 302
    cookie = response.cookies[COOKIE_NAME]
    assert (cookie["path"], cookie["max-age"]) == (path, 0)


def test_sending_without_a_draft_sets_no_draft_cookie(client, page, keys):
    response = post_application(client, page, valid_answers(keys))
    assert response.status_code == 302
    assert COOKIE_NAME not in response.cookies


def test_an_error_without_any_file_starts_no_draft(client, page, keys):
    response = post_application(client, page, valid_answers(keys, name=None))
    assert response.status_code == 200 and "Navn" in errors_of(response)
    assert COOKIE_NAME not in response.cookies
    assert not ApplicationDraft.objects.exists()


def test_a_new_file_with_an_error_again_stays_with_the_same_draft(client, page, keys):
    keep_a_file(client, page, keys)
    cookie = client.cookies[COOKIE_NAME].value
    response = post_application(
        client, page, valid_answers(keys, name=None, attachment=pdf("b.pdf"))
    )
    assert response.status_code == 200
    assert COOKIE_NAME not in response.cookies and client.cookies[COOKIE_NAME].value == cookie
    assert ApplicationDraft.objects.count() == 1
    assert DraftAttachment.objects.get().original_name == "b.pdf"


# The page as a browser meets it


def test_the_form_page_carries_the_sites_menu_and_footer_and_a_csrf_token(
    client, one_page, keys, home_page
):
    site_menu_and_footer(home_page)
    shown = client.get(one_page.url)
    with_errors = post_application(client, one_page, valid_answers(keys, name=None))
    for response in (shown, with_errors):
        html = response.content.decode()
        assert shows_menu_and_footer(html)
        assert re.search(r'name="csrfmiddlewaretoken" value="[^"]+"', html)
