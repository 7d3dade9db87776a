"""The reply letters' texts (svarbrev) are rows on the form page, one per decision: a new
page starts with the three, each decision has one, a translation has its own texts, the
stale-date warnings read them, and the migration carries the old six fields over and back."""

import uuid

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail_localize.models import TranslationContext
from wagtail_localize.segments.extract import extract_segments

import pytest

from applications.reply_letters import render_letter
from forms.models import ApplicationFormPage, ApplicationSubmission, ReplyLetterText
from forms.models.reply_letter_texts import DEFAULT_BODIES, DEFAULT_SUBJECT
from tests.factories import ProgramPageFactory
from tests.forms_helpers import post_application, valid_answers
from tests.page_editor import edit_url, post_editor, staff_user
from tests.published_translation import translate_and_publish

pytestmark = pytest.mark.django_db

DECISIONS = ["innvilget", "avslatt", "venteliste"]


@pytest.fixture
def page(form):
    return form[1]


def letters(page):
    return {letter.decision: letter for letter in page.reply_letter_texts.all()}


def test_a_new_form_page_has_a_letter_per_decision_with_the_default_texts(page):
    stored = letters(ApplicationFormPage.objects.get(pk=page.pk))
    assert list(stored) == DECISIONS
    assert all(letter.subject == DEFAULT_SUBJECT for letter in stored.values())
    assert stored["innvilget"].body == DEFAULT_BODIES["innvilget"]
    assert "står på venteliste" in stored["venteliste"].body


def test_the_editor_offers_the_three_letters_on_a_new_page(client, django_user_model, form):
    program = ProgramPageFactory(parent=form[0].get_parent(), slug="et-annet-program")
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "x"))
    response = client.get(f"/admin/pages/add/forms/applicationformpage/{program.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="reply_letter_texts-TOTAL_FORMS" value="3"' in html
    assert "Vi er glade for å kunne fortelle" in html


def test_a_decision_has_one_letter(page):
    duplicate = ReplyLetterText(page=page, decision="innvilget", subject="Svar", body="Hei")
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_a_letter_with_an_unknown_placeholder_is_refused_by_its_field(page):
    letter = letters(page)["avslatt"]
    letter.subject = "Svar til {navn}"
    with pytest.raises(ValidationError) as error:
        letter.full_clean()
    assert "Ukjent felt: {navn}" in error.value.message_dict["subject"][0]


def test_the_letter_is_written_from_the_page_in_the_applicants_language(
    client, form, django_capture_on_commit_callbacks
):
    _program, page, keys = form
    english = translate_and_publish(page)
    english.reply_letter_texts.filter(decision="innvilget").update(
        body="Dear {kontaktperson}, {kommune} has been admitted."
    )
    post_application(client, page, valid_answers(keys))
    submission = ApplicationSubmission.objects.get()
    submission.status = "innvilget"
    submission.language = "en"
    assert submission.page_in_language().pk == english.pk
    assert render_letter(submission)[1] == "Dear Kari Nordmann, Bergen has been admitted."
    # A translation without that letter falls back to the Norwegian page's.
    english.reply_letter_texts.filter(decision="innvilget").delete()
    page.reply_letter_texts.filter(decision="innvilget").update(body="Hei {kontaktperson}!")
    assert render_letter(submission)[1] == "Hei Kari Nordmann!"


def test_the_stale_date_warning_reads_the_letters(client, django_user_model, page):
    client.force_login(staff_user(django_user_model, "redaktor", "Redaktører", is_staff=True))
    granted = list(letters(page)).index("innvilget")
    response = post_editor(
        client,
        edit_url(page),
        {f"reply_letter_texts-{granted}-body": "Programmet starter i juli. {referanse}"},
    )
    assert response.status_code == 302
    assert ("Svarbrev, innvilget", "Programmet starter i juli. {referanse}") in [
        (str(name).capitalize(), text)
        for name, text in ApplicationFormPage.objects.get(pk=page.pk)
        .get_latest_revision_as_object()
        .dated_texts()
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_the_six_fields_into_rows_and_back(page):
    executor = MigrationExecutor(connection)
    ReplyLetterText.objects.filter(page=page, decision="venteliste").update(
        subject="Venteliste {referanse}", body="Du står på venteliste."
    )
    executor.migrate([("forms", "0007_mail_errors")])
    old_apps = executor.loader.project_state(("forms", "0007_mail_errors")).apps
    # Values: a historical form page cannot be instantiated (FormMixin wants a template).
    old_pages = old_apps.get_model("forms", "ApplicationFormPage").objects.filter(pk=page.pk)
    old_page = old_pages.values().get()
    assert old_page["reply_waitlisted_subject"] == "Venteliste {referanse}"
    assert old_page["reply_waitlisted_body"] == "Du står på venteliste."
    assert old_page["reply_granted_body"] == DEFAULT_BODIES["innvilget"]
    old_pages.update(reply_rejected_body="Dessverre.")
    # A translation made in the page field's context (wagtail-localize) follows the text.
    context = old_apps.get_model("wagtail_localize", "TranslationContext").objects.create(
        object=old_apps.get_model("wagtail_localize", "TranslatableObject").objects.create(
            translation_key=page.translation_key, content_type_id=page.content_type_id
        ),
        path="reply_granted_subject",
        path_id=uuid.uuid4(),
        field_path="reply_granted_subject",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    moved = letters(ApplicationFormPage.objects.get(pk=page.pk))
    assert list(moved) == DECISIONS
    assert moved["avslatt"].body == "Dessverre."
    assert moved["venteliste"].subject == "Venteliste {referanse}"
    assert moved["innvilget"].locale_id == page.locale_id
    context = TranslationContext.objects.get(pk=context.pk)
    assert context.path == f"reply_letter_texts.{moved['innvilget'].translation_key}.subject"
    segments = extract_segments(moved["innvilget"].page)
    assert context.path in {segment.path for segment in segments}

    # And back again.
    executor = MigrationExecutor(connection)
    executor.migrate([("forms", "0007_mail_errors")])
    assert TranslationContext.objects.get(pk=context.pk).path == "reply_granted_subject"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_editor_refuses_a_second_letter_for_a_decision(client, django_user_model, page):
    client.force_login(staff_user(django_user_model, "redaktor", "Redaktører", is_staff=True))
    second = list(letters(page)).index("avslatt")
    response = post_editor(
        client, edit_url(page), {f"reply_letter_texts-{second}-decision": "innvilget"}
    )
    assert response.status_code == 200
    assert "Det er allerede et svarbrev for dette vedtaket." in response.content.decode()
    assert sorted(letters(ApplicationFormPage.objects.get(pk=page.pk))) == sorted(DECISIONS)
