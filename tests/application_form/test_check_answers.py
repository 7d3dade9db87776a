"""Check your answers, the declaration, and a one-page form that keeps its file (issue 16,
items 2 and 5)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from forms.intake_guards import TOKEN_FIELD, FormToken
from forms.models import ApplicationDraft, ApplicationSubmission
from tests.application_form.helpers import errors_of
from tests.application_form.test_steps import (
    PDF,
    by_key,
    contact_step,
    first_step,
    step_post,
    title_of,
)
from tests.forms_helpers import post_application, valid_answers
from tests.text import visible_text

DECLARATION = "Jeg bekrefter at opplysningene er riktige og at kommunen står bak søknaden."


def fill_in(client, page, keys):
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    return step_post(client, page, 2, contact_step(keys))


def test_the_summary_groups_answers_by_step_with_change_links(client, page, keys):
    response = client.get(fill_in(client, page, keys)["Location"])
    html = response.content.decode()
    text = visible_text(html).split("Se over svarene før du sender", 1)[1]
    assert title_of(response).startswith("Se over svarene før du sender")
    assert text.index("Kommunen") < text.index("Bergen") < text.index("Kontaktperson")
    assert "Kari Nordmann" in text and "100–500" in text
    assert f'href="{page.url}?steg=2&amp;fra=oppsummering#id_{keys["name"]}"' in html
    assert "Send søknad" in text


def test_change_returns_to_the_summary(client, page, keys):
    fill_in(client, page, keys)
    change = client.get(f"{page.url}?steg=2&fra=oppsummering")
    assert "Lagre og gå tilbake til oppsummeringen" in visible_text(change.content.decode())
    response = step_post(client, page, 2, contact_step(keys, name="Ola"), "oppsummering")
    assert response["Location"].endswith("?steg=oppsummering")
    assert "Ola" in visible_text(client.get(response["Location"]).content.decode())


def test_send_stores_the_application_and_closes_the_draft(client, page, keys):
    fill_in(client, page, keys)
    response = step_post(client, page, 2, {}, "send")
    assert response.status_code == 302
    application = ApplicationSubmission.objects.get()
    assert application.form_data[keys["orgnr"]] == "974760673"
    assert application.municipality.number == "4601"
    assert ApplicationDraft.objects.get().submission == application
    # The browser's key now opens nothing: a new visit starts afresh.
    assert 'id="feiloppsummering"' not in client.get(page.url).content.decode()


def test_the_declaration_must_be_confirmed_on_the_summary(client, page, keys):
    page.declaration = DECLARATION
    page.save_revision().publish()
    fill_in(client, page, keys)
    summary = client.get(f"{page.url}?steg=oppsummering")
    assert DECLARATION in visible_text(summary.content.decode())
    refused = step_post(client, page, 2, {}, "send")
    assert refused.status_code == 200
    assert "Kryss av for at du bekrefter erklæringen" in errors_of(refused)
    # The summary's link takes the reader to the checkbox itself.
    assert '<a href="#id_erklaering">Kryss av' in refused.content.decode()
    assert 'id="id_erklaering"' in refused.content.decode()
    assert not ApplicationSubmission.objects.exists()
    sent = step_post(client, page, 2, {"erklaering": "on"}, "send")
    assert sent.status_code == 302
    assert ApplicationSubmission.objects.count() == 1


def test_a_one_page_form_has_the_declaration_as_a_checkbox(client, page, keys):
    page.declaration = DECLARATION
    page.save_revision().publish()
    refused = post_application(client, page, valid_answers(keys))
    assert "Kryss av for at du bekrefter erklæringen" in errors_of(refused)
    sent = post_application(client, page, {**valid_answers(keys), "erklaering": "on"})
    assert sent.status_code == 302


def test_a_one_page_form_keeps_a_file_across_an_error_elsewhere(client, page, keys):
    """The bug: a file chosen before another field's error was silently dropped."""
    upload = SimpleUploadedFile("vedtak.pdf", PDF)
    token = FormToken.new().dumps()
    answers = valid_answers(keys, phone="12")
    first = client.post(page.url, {TOKEN_FIELD: token, **answers, keys["attachment"]: upload})
    assert first.status_code == 200
    assert "vedtak.pdf" in visible_text(first.content.decode())
    # Fixed without choosing the file again.
    second = post_application(client, page, valid_answers(keys), token=token)
    assert second.status_code == 302
    application = ApplicationSubmission.objects.get()
    assert application.attachments.get().original_name == "vedtak.pdf"
    assert application.form_data[keys["attachment"]] == "vedtak.pdf"
