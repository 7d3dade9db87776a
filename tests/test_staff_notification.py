"""The staff notification carries no personal data: whoever reads the notification address
learns that an application came, not what it says. It is read in the admin, signed in."""

from django.core import mail

from wagtail.models import Site

from forms.models import ApplicationSubmission
from tests.forms_helpers import post_application, valid_answers

STAFF = "program@kulturskoleradet.no"


def notification():
    return next(m for m in mail.outbox if m.to == [STAFF])


def typed_values(submission):
    """Every answer as stored, as text, but the municipality's number (from the register)."""
    values = []
    for question in submission.field_labels:
        value = submission.form_data.get(question["key"])
        if question["type"] not in ("municipality", "checkbox") and value not in (None, ""):
            values.extend(value if isinstance(value, list) else [str(value)])
    return values


def test_staff_notification_carries_none_of_the_applicants_answers(
    client, form, django_capture_on_commit_callbacks
):
    _program, page, keys = form
    with django_capture_on_commit_callbacks(execute=True):
        post_application(client, page, valid_answers(keys))
    submission = ApplicationSubmission.objects.get()
    message = notification()
    text = message.subject + "\n" + message.body
    values = typed_values(submission)
    assert {"Kari Nordmann", "kari@bergen.kommune.no", "+4755565560", "974760673"} <= set(values)
    for value in values:
        assert value not in text
    # Nor the questions: an answer may be guessed from its question.
    for question in submission.field_labels:
        if question["type"] != "municipality":
            assert question["label"] not in message.body, question["label"]
    assert "kari" not in text.lower() and "nordmann" not in text.lower()


def test_staff_notification_names_the_application_and_links_to_it_in_the_admin(
    client, form, django_capture_on_commit_callbacks
):
    _program, page, keys = form
    with django_capture_on_commit_callbacks(execute=True):
        post_application(client, page, valid_answers(keys))
    submission = ApplicationSubmission.objects.get()
    body = notification().body
    site = Site.objects.get(is_default_site=True)
    assert "Referanse: VKU-2026-0001" in body
    assert "Kommune: Bergen (Vestland)" in body
    assert f"Skjema: {page.title}" in body
    assert "Mottatt: 1. april 2026 kl. 12.00" in body  # Oslo time
    link = f"{site.root_url}/admin/soknader/liste/inspect/{submission.pk}/"
    assert link.startswith("http") and link in body


def test_a_possible_duplicate_notification_carries_no_personal_data_either(
    client, form, django_capture_on_commit_callbacks
):
    _program, page, keys = form
    post_application(client, page, valid_answers(keys))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_application(
            client, page, valid_answers(keys, name="Ola Nordmann", email="ola@bergen.kommune.no")
        )
    message = notification()
    assert "(mulig duplikat)" in message.subject
    for personal in ["Kari", "Ola", "Nordmann", "@bergen.kommune.no"]:
        assert personal not in message.subject + message.body
