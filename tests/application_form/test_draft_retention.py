"""Drafts are personal data: deleted with their files some days after the window closes,
kept out of every other page's cache, and emptied once sent (issue 16, items 4 and 10)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from applications.retention import apply_retention
from forms.drafts import COOKIE_NAME
from forms.models import ApplicationDraft, DraftAttachment
from tests.application_form.test_steps import PDF, by_key, contact_step, first_step, step_post
from tests.conftest import oslo


def draft_with_a_file(client, page, keys):
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    upload = SimpleUploadedFile("budsjett.pdf", PDF)
    step_post(client, page, 2, {**contact_step(keys, phone="12"), keys["attachment"]: upload})
    return DraftAttachment.objects.get()


def test_drafts_and_their_files_go_the_set_number_of_days_after_the_deadline(
    client, page, keys, settings
):
    settings.APPLICATION_DRAFT_RETENTION_DAYS = 30
    held = draft_with_a_file(client, page, keys)
    storage, name = held.file.storage, held.file.name
    closes = page.application_window.closes.date()
    report = apply_retention(today=closes + datetime.timedelta(days=29))
    assert report.drafts == 0 and ApplicationDraft.objects.exists()
    report = apply_retention(today=closes + datetime.timedelta(days=31))
    assert report.drafts == 1
    assert not ApplicationDraft.objects.exists() and not DraftAttachment.objects.exists()
    assert not storage.exists(name)
    assert "1 utkast slettet" in "\n".join(report.lines())


def test_a_dry_run_counts_drafts_and_deletes_nothing(client, page, keys):
    draft_with_a_file(client, page, keys)
    closes = page.application_window.closes.date()
    report = apply_retention(today=closes + datetime.timedelta(days=60), dry_run=True)
    assert report.drafts == 1 and ApplicationDraft.objects.exists()


def test_a_sent_draft_keeps_no_answers(client, page, keys):
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    step_post(client, page, 2, contact_step(keys))
    step_post(client, page, 2, {}, "send")
    draft = ApplicationDraft.objects.get()
    assert draft.submission_id and draft.answers == {} and draft.applicant_email == ""


def test_other_pages_get_no_cookie_and_stay_cached(client, page, keys, clock, settings):
    settings.PAGE_CACHE_SECONDS = 600
    clock(oslo(2026, 4, 1, 12, 0))
    program = page.get_parent()
    response = step_post(client, page, 1, by_key(keys, first_step(keys)))
    assert response.cookies[COOKIE_NAME]["path"] == page.url
    for url in ("/", program.url):
        # The test client sends every cookie it holds; a browser sends this one only to
        # addresses under the form page's path, so it is left out here as a browser would.
        cookie = client.cookies.pop(COOKIE_NAME)
        client.get(url)
        again = client.get(url)
        client.cookies[COOKIE_NAME] = cookie
        assert again["X-Page-Cache"] == "hit", url
        assert COOKIE_NAME not in again.cookies
