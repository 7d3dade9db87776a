"""CSRF tokens and the request size limits: refused in Norwegian, nothing stored."""

import re
import string

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hypothesis import given
from hypothesis import strategies as st

from forms.models import ApplicationAttachment, ApplicationSubmission
from tests.fuzz.form import PDF, VALID, named, post_form
from tests.fuzz.strategies import FUZZ, odd_text
from tests.text import visible_text

# Missing CSRF token


def test_a_post_without_csrf_token_is_refused_in_norwegian_and_stores_nothing(fuzz_form):
    page, keys = fuzz_form
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    assert browser.get(page.url).status_code == 200  # sets the CSRF cookie
    response = post_form(browser, page, named(keys, VALID))
    assert response.status_code == 403
    assert not ApplicationSubmission.objects.exists()
    text = visible_text(response.content.decode())
    assert "Hvis du holdt på å sende en søknad, er den ikke mottatt." in text
    assert "informasjonskapsler" in text
    # With the token from the form, the same answers are received.
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get(page.url).content.decode()
    ).group(1)
    response = post_form(browser, page, {**named(keys, VALID), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert ApplicationSubmission.objects.count() == 1


@FUZZ
@given(token=st.one_of(odd_text, st.text(string.ascii_letters + string.digits, max_size=80)))
def test_a_wrong_csrf_token_never_stores(fuzz_form, token):
    page, keys = fuzz_form
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.cookies["csrftoken"] = "a" * 32
    response = post_form(browser, page, {**named(keys, VALID), "csrfmiddlewaretoken": token})
    assert response.status_code == 403
    assert not ApplicationSubmission.objects.exists()


# Request size limits, set on purpose


def assert_refused_page(response, status):
    assert response.status_code == status
    text = visible_text(response.content.decode())
    assert "Vi kunne ikke ta imot det du sendte" in text
    assert "Hvis du holdt på å sende en søknad, er den ikke mottatt." in text
    assert "tilbakeknapp" in text
    assert f"Feilkode: {status}" in text


def test_a_long_answer_gets_a_norwegian_error_next_to_the_field_and_is_kept(web, fuzz_form):
    page, keys = fuzz_form
    answer = "Vi vil lære. " * 1_000  # 13 000 characters
    response = post_form(web, page, named(keys, {**VALID, "why": answer}))
    assert response.status_code == 200
    content = response.content.decode()
    error = content.split(f'id="id_{keys["why"]}-feil"')[1].split("</p>")[0]
    assert "Svaret er for langt: 12999 tegn. Det kan være høyst 10000 tegn." in error
    assert answer in content  # all of it, not cut off
    assert 'maxlength="10000"' not in content  # the browser would cut pasted text silently
    assert not ApplicationSubmission.objects.exists()


def test_a_body_over_the_data_limit_gets_the_norwegian_400_page(fuzz_form, settings):
    # As in production: the CSRF check is the first to read the body.
    page, keys = fuzz_form
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get(page.url).content.decode()
    ).group(1)
    answer = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = post_form(
        browser, page, {**named(keys, {**VALID, "why": answer}), "csrfmiddlewaretoken": token}
    )
    assert_refused_page(response, 400)
    assert not ApplicationSubmission.objects.exists()


def test_too_many_fields_get_the_norwegian_400_page(web, fuzz_form, settings):
    page, _keys = fuzz_form
    body = "&".join(f"felt{n}=x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = web.post(page.url, body, content_type="application/x-www-form-urlencoded")
    assert_refused_page(response, 400)
    assert not ApplicationSubmission.objects.exists()


def test_too_many_files_get_the_norwegian_400_page(web, fuzz_form, settings):
    page, keys = fuzz_form
    count = settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1
    files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(count)]
    response = post_form(web, page, named(keys, {**VALID, "attachment": files}))
    assert_refused_page(response, 400)
    assert not ApplicationSubmission.objects.exists()


def test_a_file_over_the_attachment_limit_is_refused_next_to_the_field(web, fuzz_form, settings):
    # A real 11 MB body: read in full, so the answers are kept and the error is by the field.
    page, keys = fuzz_form
    upload = SimpleUploadedFile("stor.pdf", PDF + b"0" * (11 * 1024 * 1024))
    response = post_form(web, page, named(keys, {**VALID, "attachment": upload}))
    assert response.status_code == 200
    content = response.content.decode()
    error = content.split(f'id="id_{keys["attachment"]}-feil"')[1].split("</p>")[0]
    assert "Filen er for stor (11,0\xa0MB). Største tillatte størrelse er 10,0\xa0MB." in error
    assert 'value="Kari Nordmann"' in content
    assert not ApplicationSubmission.objects.exists()
    assert not ApplicationAttachment.objects.exists()


def test_a_body_over_the_request_limit_is_refused_before_it_is_read(web, fuzz_form, settings):
    page, keys = fuzz_form
    # What the client says it will send is enough: nothing of the body is read.
    response = web.generic(
        "POST",
        page.url,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BODY_SIZE + 1),
    )
    assert_refused_page(response, 413)
    assert "Hvert vedlegg kan være høyst 10,0 MB" in visible_text(response.content.decode())
    # And a real body over a (lowered) limit.
    settings.MAX_REQUEST_BODY_SIZE = 1024 * 1024
    upload = SimpleUploadedFile("vedtak.pdf", PDF + b"0" * (1024 * 1024))
    response = post_form(web, page, named(keys, {**VALID, "attachment": upload}))
    assert_refused_page(response, 413)
    assert not ApplicationSubmission.objects.exists()
