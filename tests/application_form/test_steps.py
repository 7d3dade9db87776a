"""A form with section headings goes one step per section, validated per step on the
server, with the draft in a cookie on the form's own address (issue 16, items 1, 5, 12)."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from forms.drafts import COOKIE_NAME
from forms.intake_guards import TOKEN_FIELD, FormToken
from forms.models import ApplicationDraft, ApplicationSubmission, DraftAttachment
from tests.application_form.helpers import errors_of
from tests.forms_helpers import translate_form, valid_answers
from tests.text import visible_text

PDF = b"%PDF-1.4\n%test\n"


def title_of(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def step_post(client, page, number, answers, action="neste", **extra):
    data = {TOKEN_FIELD: FormToken.new().dumps(), "steg": number, "handling": action, **answers}
    return client.post(page.url, data, **extra)


def first_step(keys):
    answers = valid_answers(keys)
    return {k: answers[keys[k]] for k in ("municipality", "orgnr")}


def contact_step(keys, **overrides):
    answers = valid_answers(keys, **overrides)
    names = ("name", "email", "phone", "why", "size", "commitment")
    return {keys[k]: answers[keys[k]] for k in names if keys[k] in answers}


def by_key(keys, answers):
    return {keys[k]: v for k, v in answers.items()}


def test_a_form_with_sections_shows_its_first_step_only(client, page, keys):
    response = client.get(page.url)
    html = response.content.decode()
    assert title_of(response).startswith("Steg 1 av 2: Kommunen – ")
    assert "Steg 1 av 2" in visible_text(html)
    assert f'name="{keys["municipality"]}"' in html
    assert f'name="{keys["name"]}"' not in html
    assert 'value="neste"' in html and 'value="tilbake"' not in html
    assert "Send søknad" not in visible_text(html)


def test_next_stores_a_draft_in_a_cookie_on_the_form_page_only(client, page, keys):
    response = step_post(client, page, 1, by_key(keys, first_step(keys)))
    assert response.status_code == 302
    assert response["Location"].endswith("?steg=2")
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["path"] == page.url
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    draft = ApplicationDraft.objects.get()
    assert draft.browser_key_hash != cookie.value  # only the hash is stored
    assert draft.answers[keys["orgnr"]] == "974 760 673"
    assert draft.step_reached == 2
    assert draft.revision_id == page.live_revision_id
    second = client.get(response["Location"])
    assert title_of(second).startswith("Steg 2 av 2: Kontaktperson")
    assert f'name="{keys["name"]}"' in second.content.decode()


def test_a_step_with_errors_lists_its_own_errors_only_and_keeps_what_was_typed(client, page, keys):
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    answers = contact_step(keys, phone="12", name="Kari Nordmann")
    response = step_post(client, page, 2, answers)
    assert response.status_code == 200
    assert title_of(response).startswith("Feil: Steg 2 av 2")
    errors = errors_of(response)
    assert "Telefon" in errors and "Kommune" not in errors
    assert 'value="Kari Nordmann"' in response.content.decode()
    assert ApplicationDraft.objects.get().step_reached == 2


def test_back_keeps_what_was_typed_without_checking_it(client, page, keys):
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    response = step_post(client, page, 2, {keys["phone"]: "12", keys["name"]: "Ola"}, "tilbake")
    assert response.status_code == 302 and response["Location"].endswith("?steg=1")
    assert ApplicationDraft.objects.get().answers[keys["phone"]] == "12"
    html = client.get(page.url + "?steg=2").content.decode()
    assert 'value="12"' in html and 'value="Ola"' in html
    assert 'id="feiloppsummering"' not in html


def test_a_later_step_without_a_draft_goes_back_to_the_first(client, page):
    response = client.get(page.url + "?steg=2")
    assert response.status_code == 302 and response["Location"] == page.url


def test_a_file_on_a_step_with_an_error_is_kept(
    client, page, keys, django_capture_on_commit_callbacks
):
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    upload = SimpleUploadedFile("budsjett.pdf", PDF)
    answers = {**contact_step(keys, phone="12"), keys["attachment"]: upload}
    response = step_post(client, page, 2, answers)
    assert response.status_code == 200
    held = DraftAttachment.objects.get()
    assert held.original_name == "budsjett.pdf"
    assert "budsjett.pdf" in visible_text(response.content.decode())
    assert "Fjern" in visible_text(response.content.decode())
    # Fixed without choosing the file again: it goes to the summary, then with the application.
    response = step_post(client, page, 2, contact_step(keys))
    assert response["Location"].endswith("?steg=oppsummering")
    summary = client.get(response["Location"])
    assert "budsjett.pdf" in visible_text(summary.content.decode())
    with django_capture_on_commit_callbacks(execute=True):  # what runs after the commit too
        sent = step_post(client, page, 2, {}, "send")
    assert sent.status_code == 302, errors_of(sent)
    application = ApplicationSubmission.objects.get()
    attachment = application.attachments.get()
    assert attachment.original_name == "budsjett.pdf"
    assert attachment.file.read() == PDF
    assert application.form_data[keys["attachment"]] == "budsjett.pdf"
    assert not DraftAttachment.objects.exists()


def test_a_deleted_draft_takes_its_files_along(
    client, page, keys, django_capture_on_commit_callbacks
):
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    upload = SimpleUploadedFile("budsjett.pdf", PDF)
    step_post(client, page, 2, {**contact_step(keys, phone="12"), keys["attachment"]: upload})
    held = DraftAttachment.objects.get()
    storage, name = held.file.storage, held.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        ApplicationDraft.objects.all().delete()  # as deleting the form page does, by cascade
    assert not storage.exists(name)


def test_remove_takes_the_kept_file_away(client, page, keys):
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    upload = SimpleUploadedFile("budsjett.pdf", PDF)
    step_post(client, page, 2, {**contact_step(keys, phone="12"), keys["attachment"]: upload})
    response = step_post(client, page, 2, contact_step(keys), f"fjern:{keys['attachment']}")
    assert response.status_code == 302
    assert not DraftAttachment.objects.exists()


def test_a_draft_keeps_the_questions_it_started_with(client, page, keys):
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    # The editor makes the phone number required and renames a question meanwhile.
    field = page.form_fields.get(clean_name=keys["name"])
    field.label = "Fullt navn"
    field.save()
    page.save_revision().publish()
    step_two = visible_text(client.get(f"{page.url}?steg=2").content.decode())
    assert "Navn" in step_two and "Fullt navn" not in step_two
    step_post(client, page, 2, contact_step(keys))
    client.post(page.url, {TOKEN_FIELD: FormToken.new().dumps(), "steg": 2, "handling": "send"})
    application = ApplicationSubmission.objects.get()
    labels = {q["key"]: q["label"] for q in application.field_labels}
    assert labels[keys["name"]] == "Navn"
    assert application.form_data[keys["name"]] == "Kari Nordmann"


def test_an_english_draft_keeps_the_norwegian_questions_it_started_with(
    client, home_page, application_form, keys
):
    """An English draft's application is stored against the Norwegian form as it was when
    the draft started, not as the Norwegian editor has changed it since."""
    program, page, _ = application_form
    for ancestor in [home_page, program.get_parent(), program]:
        translate_form(ancestor)
    english = translate_form(page)
    step_post(client, english, 1, by_key(keys, first_step(keys)))
    field = page.form_fields.get(clean_name=keys["name"])
    field.label = "Fullt navn"
    field.save()
    page.save_revision().publish()
    step_post(client, english, 2, contact_step(keys, size="100 to 500"))
    client.post(english.url, {TOKEN_FIELD: FormToken.new().dumps(), "steg": 2, "handling": "send"})
    application = ApplicationSubmission.objects.get()
    assert application.language == "en"
    labels = {q["key"]: q["label"] for q in application.field_labels}
    assert labels[keys["name"]] == "Navn"
    assert application.form_data[keys["size"]] == "100–500"  # the Norwegian option


def test_a_whole_form_posted_at_once_is_still_one_page(client, page, keys):
    # As the form embedded in a program page posts it: no «steg».
    data = {TOKEN_FIELD: FormToken.new().dumps(), **valid_answers(keys)}
    response = client.post(page.url, data)
    assert response.status_code == 302
    assert ApplicationSubmission.objects.count() == 1


def test_the_preview_shows_every_step_one_after_another_and_stores_nothing(page, clock):
    response = page.make_preview_request(preview_mode="form")
    text = visible_text(response.content.decode())
    assert "Steg 1 av 2: Kommunen" in text
    assert "Steg 2 av 2: Kontaktperson" in text
    assert not ApplicationDraft.objects.exists()
