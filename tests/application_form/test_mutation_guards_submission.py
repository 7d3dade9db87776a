"""Sending an application, checked where mutation testing (docs/mutation.md) found it
unguarded: the form page as a browser meets it (its hidden token, the honeypot's name),
what is stored (contact person, e-mail, municipality, attachments), a double click, the
confirmation under its own form only, and the editor's preview storing nothing."""

import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

import pytest

from forms import submission as submission_module
from forms.models import ApplicationAttachment, ApplicationSubmission
from tests.factories import ApplicationFormPageFactory, ProgramPageFactory
from tests.forms_helpers import (
    post_application,
    shows_menu_and_footer,
    site_menu_and_footer,
    valid_answers,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def one_page(page):
    """build_form's form without its section headings: one page, not step by step."""
    page.form_fields.filter(field_type="section").delete()
    return page


def hidden_inputs(html):
    """What a browser posts of the form's hidden inputs: those with a name."""
    form = re.search(r'<form class="application-form".*?</form>', html, re.S).group(0)
    inputs = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', form)
    return {name: value for name, value in inputs if name}


def honeypot_name(html):
    honeypot = re.search(r'<div class="honeypot".*?</div>', html, re.S).group(0)
    return re.search(r'<input type="text" name="([^"]*)"', honeypot).group(1)


# The form page as a browser meets it


def test_a_browser_sends_the_form_with_the_hidden_token_the_page_gave_it(client, one_page, keys):
    html = client.get(one_page.url).content.decode()
    response = client.post(one_page.url, {**hidden_inputs(html), **valid_answers(keys)})
    assert response.status_code == 302
    assert ApplicationSubmission.objects.count() == 1


def test_autofill_in_the_honeypot_the_page_names_is_refused(client, one_page, keys):
    html = client.get(one_page.url).content.decode()
    name = honeypot_name(html)
    # A browser leaves out an input without a name; a bot fills every one it sees.
    bot = {name: "https://spam.example"} if name else {}
    response = client.post(one_page.url, {**hidden_inputs(html), **valid_answers(keys), **bot})
    assert response.status_code == 400
    assert not ApplicationSubmission.objects.exists()


# What is stored


def test_the_contact_person_is_the_field_marked_for_name_autofill(client, page, keys):
    post_application(client, page, valid_answers(keys, name="Kari Nordmann"))
    assert ApplicationSubmission.objects.get().contact_name == "Kari Nordmann"


def test_a_long_contact_name_is_cut_to_the_columns_255_characters(client, page, keys):
    # An editor may mark a multi-line field for «name» autofill: it takes far more than 255.
    page.form_fields.filter(clean_name=keys["name"]).update(field_type="multiline")
    post_application(client, page, valid_answers(keys, name="K" * 300))
    assert ApplicationSubmission.objects.get().contact_name == "K" * 255


def test_a_form_without_name_email_or_municipality_stores_them_empty(client, page, keys):
    page.form_fields.filter(
        clean_name__in=[keys["name"], keys["email"], keys["municipality"]]
    ).delete()
    answers = valid_answers(keys, name=None, email=None, municipality=None)
    assert post_application(client, page, answers).status_code == 302
    application = ApplicationSubmission.objects.get()
    assert application.contact_name == ""
    assert application.applicant_email == ""
    assert application.municipality is None


def test_an_attachment_is_stored_under_a_name_of_our_own(client, page, keys):
    upload = SimpleUploadedFile("Søknad til kulturskolen (endelig).pdf", PDF)
    assert post_application(client, page, valid_answers(keys, attachment=upload)).status_code == 302
    attachment = ApplicationAttachment.objects.get()
    assert re.fullmatch(r"soknader/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert attachment.field_key == keys["attachment"]
    assert attachment.original_name == "Søknad til kulturskolen (endelig).pdf"


def test_a_long_file_name_is_kept_to_255_characters(client, page, keys):
    # Django's upload already cuts the name to 255 (so store_submission's own [:255] is a
    # second guard only): the applicant's name is kept as far as the column allows.
    name = "a" * 300 + ".pdf"
    upload = SimpleUploadedFile(name, PDF)
    assert post_application(client, page, valid_answers(keys, attachment=upload)).status_code == 302
    original = ApplicationAttachment.objects.get().original_name
    assert len(original) == 255 and original.endswith(".pdf")


# A double click


class _LookupsByTokenMiss:
    """ApplicationSubmission as a second request sees it while the first is being stored:
    looking the form token up finds nothing, yet the insert meets the first application."""

    def __init__(self):
        self.objects = self

    def filter(self, **lookups):
        if "submission_token" in lookups:
            return ApplicationSubmission.objects.none()
        return ApplicationSubmission.objects.filter(**lookups)

    def __getattr__(self, name):
        manager = ApplicationSubmission.objects
        return getattr(manager, name, None) or getattr(ApplicationSubmission, name)


def test_a_form_sent_twice_at_once_is_one_application(client, page, keys, committed, monkeypatch):
    token = submission_module.FormToken.new().dumps()
    with committed():
        first = post_application(client, page, valid_answers(keys), token=token)
    mail.outbox.clear()
    monkeypatch.setattr(submission_module, "ApplicationSubmission", _LookupsByTokenMiss())
    with committed():
        second = post_application(client, page, valid_answers(keys), token=token)
    monkeypatch.undo()
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert ApplicationSubmission.objects.count() == 1
    assert not mail.outbox  # no second receipt or staff notice
    # The number the second request drew went back: the next application gets the next one.
    post_application(client, page, valid_answers(keys, email="ola@bergen.kommune.no"))
    assert ApplicationSubmission.objects.latest("pk").reference == "VKU-2026-0002"


# The confirmation


def test_a_confirmation_is_only_shown_under_its_own_form(client, page, keys):
    response = post_application(client, page, valid_answers(keys))
    confirmation = response["Location"]
    assert client.get(confirmation).status_code == 200
    other_program = ProgramPageFactory(parent=page.get_parent().get_parent(), slug="annet")
    other = ApplicationFormPageFactory(parent=other_program)
    token = confirmation.rstrip("/").rsplit("/", 1)[1]
    other_confirmation = other.url + other.reverse_subpage("confirmation", args=[token])
    assert client.get(other_confirmation).status_code == 404


def test_the_confirmation_carries_the_sites_menu_and_footer(client, page, keys, home_page):
    site_menu_and_footer(home_page)
    response = post_application(client, page, valid_answers(keys))
    assert shows_menu_and_footer(client.get(response["Location"]).content.decode())


# The editor's preview


def test_a_form_posted_in_the_preview_stores_nothing(page, keys):
    data = QueryDict(mutable=True)
    data.update({submission_module.TOKEN_FIELD: submission_module.FormToken.new().dumps()})
    data.update(valid_answers(keys))
    response = page.make_preview_request(
        preview_mode="form",
        extra_request_attrs={
            "method": "POST",
            "POST": data,
            "_files": MultiValueDict(),
            "_dont_enforce_csrf_checks": True,
        },
    )
    assert response.status_code == 200
    # Word for word, as the whole text of its element.
    notice = r">\s*Dette er en forhåndsvisning\. Skjemaet sendes ikke\.\s*<"
    assert re.search(notice, response.content.decode())
    assert not ApplicationSubmission.objects.exists()
