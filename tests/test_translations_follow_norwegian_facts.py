"""Dates and form rules come from the live Norwegian page: a moderator's publish of it changes
every published translation at once, with no sync and no second publish. Text stays
translated."""

import datetime

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import override_settings

import pytest

from forms.models import ApplicationSubmission
from tests.conftest import oslo
from tests.factories import GatheringFactory, ProgramMilestoneFactory
from tests.forms_helpers import build_form, post_application, valid_answers
from tests.published_translation import translate_and_publish
from tests.text import visible_text

ENGLISH = {
    "Digital læringskonferanse": "Digital learning conference",
    "Hele kommunegruppa": "The whole municipal group",
    "Hvorfor søker dere?": "Why are you applying?",
    "Under 100<br/>100–500<br/>Over 500": "Fewer than 100<br/>100 to 500<br/>More than 500",
    "Hver kommune kontaktes": "Each municipality is contacted",
}


def translate(page):
    return translate_and_publish(page, ENGLISH)


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderatorer"))
    return user


@pytest.fixture
def english_program(home_page, clock):
    """A Norwegian program with a gathering, a milestone and a form, and its English pages."""
    clock(oslo(2026, 4, 1, 12, 0))
    program, form_page, keys = build_form(home_page)
    GatheringFactory(page=program, date=datetime.date(2026, 11, 11))
    ProgramMilestoneFactory(
        page=program,
        date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 6, 30),
        months_only=True,
        description="Hver kommune kontaktes",
    )
    program.save_revision().publish()
    for page in (home_page, program.get_parent()):
        translate(page)
    return program, form_page, keys, translate(program), translate(form_page)


def publish_as_moderator(page, moderator):
    page.save_revision(user=moderator).publish(user=moderator)


def test_a_moved_deadline_is_shown_and_enforced_in_english_at_once(
    client, english_program, moderator, clock
):
    program, _, keys, english_program_page, english_form = english_program
    clock(oslo(2026, 4, 20, 12, 0))  # after the old deadline (13 April)
    assert (
        post_application(client, english_form, valid_answers(keys, size="100 to 500")).status_code
        == 403
    )

    program.application_closes = oslo(2026, 5, 4, 23, 59)
    gathering = program.gatherings.get()
    gathering.date = datetime.date(2026, 11, 18)
    program.gatherings = [gathering]
    publish_as_moderator(program, moderator)

    text = visible_text(client.get(english_program_page.url).content.decode())
    assert "4 May 2026" in text and "13 April" not in text
    assert "Wednesday 18 November 2026" in text and "Digital learning conference" in text
    form_text = visible_text(client.get(english_form.url).content.decode())
    assert "4 May 2026" in form_text
    response = post_application(client, english_form, valid_answers(keys, size="100 to 500"))
    assert response.status_code == 302, visible_text(response.content.decode())[-1500:]
    submission = ApplicationSubmission.objects.get()
    assert submission.language == "en"


def test_english_form_refuses_once_the_norwegian_window_closes(
    client, english_program, moderator, clock
):
    program, _, keys, _, english_form = english_program
    program.application_closes = oslo(2026, 4, 2, 12, 0)
    publish_as_moderator(program, moderator)
    clock(oslo(2026, 4, 2, 12, 1))
    response = post_application(client, english_form, valid_answers(keys, size="100 to 500"))
    assert response.status_code == 403
    assert "2 April 2026" in visible_text(response.content.decode())
    assert not ApplicationSubmission.objects.exists()


def test_a_norwegian_draft_changes_nothing(client, english_program, moderator, clock):
    program, _, _, english_program_page, _ = english_program
    program.application_closes = oslo(2026, 5, 4, 23, 59)
    program.save_revision(user=moderator)  # not published
    text = visible_text(client.get(english_program_page.url).content.decode())
    assert "13 April 2026" in text and "4 May" not in text


def test_text_stays_translated_while_dates_follow(client, english_program, moderator):
    program, _, _, english_program_page, _ = english_program
    milestone = program.milestones.get()
    milestone.date = datetime.date(2026, 6, 1)
    milestone.end_date = datetime.date(2026, 7, 31)
    program.milestones = [milestone]
    publish_as_moderator(program, moderator)
    text = visible_text(client.get(english_program_page.url).content.decode())
    # The months are said from the Norwegian row's dates, the description is translated.
    assert "June/July: Each municipality is contacted" in text
    assert "Key dates, spring 2026" in text  # the heading said from the dates, in English
    assert "Hele kommunegruppa" not in text and "The whole municipal group" in text


def test_english_form_takes_field_rules_from_the_norwegian_form(client, english_program, moderator):
    _, form_page, keys, _, english_form = english_program
    why = form_page.form_fields.get(clean_name=keys["why"])
    why.required = False
    why.field_type = "singleline"
    form_page.form_fields = [why if f.pk == why.pk else f for f in form_page.form_fields.all()]
    publish_as_moderator(form_page, moderator)
    response = post_application(
        client, english_form, valid_answers(keys, why=None, size="100 to 500")
    )
    assert response.status_code == 302, visible_text(response.content.decode())[-1500:]
    # The form goes step by step (issue 16): the question is on its second step.
    html = client.get(english_form.url).content.decode()
    first_step = {k: v for k, v in valid_answers(keys).items() if f'name="{k}"' in html}
    post_application(client, english_form, {**first_step, "steg": 1, "handling": "neste"})
    html = client.get(f"{english_form.url}?steg=2").content.decode()
    assert "Why are you applying?" in html
    assert f'<input type="text" name="{keys["why"]}"' in html


@override_settings(PAGE_CACHE_SECONDS=600)
def test_publishing_in_norwegian_purges_the_cached_english_pages(
    client, english_program, moderator
):
    program, _, _, english_program_page, _ = english_program
    cache.clear()
    assert client.get(english_program_page.url)["X-Page-Cache"] == "miss"
    assert client.get(english_program_page.url)["X-Page-Cache"] == "hit"
    program.application_closes = oslo(2026, 5, 4, 23, 59)
    publish_as_moderator(program, moderator)
    response = client.get(english_program_page.url)
    assert "4 May 2026" in visible_text(response.content.decode())


def test_english_listing_and_calendar_follow_the_norwegian_dates(
    client, english_program, moderator
):
    program, *_, english_program_page, _ = english_program
    program.application_closes = oslo(2026, 5, 4, 23, 59)
    program.program_start = datetime.date(2026, 9, 1)
    gathering = program.gatherings.get()
    gathering.date = datetime.date(2026, 11, 18)
    program.gatherings = [gathering]
    publish_as_moderator(program, moderator)
    listing = visible_text(client.get(english_program_page.get_parent().url).content.decode())
    assert "4 May 2026" in listing and "13 April" not in listing
    assert "September 2026" in listing and "August 2026" not in listing
    feed = client.get(english_program_page.url + "kalender/").content.decode()
    assert "20261118" in feed and "20261111" not in feed
    assert "Digital learning conference" in feed


@override_settings(
    WAGTAILFRONTENDCACHE={"cdn": {"BACKEND": "tests.test_page_cache.RecordingBackend"}},
    WAGTAILFRONTENDCACHE_LANGUAGES=[],
    PAGE_CACHE_SECONDS=600,
)
def test_publishing_in_norwegian_purges_the_english_pages_in_the_cdn(
    english_program, moderator, django_capture_on_commit_callbacks
):
    from tests.test_page_cache import RecordingBackend

    program, _, _, english_program_page, english_form = english_program
    RecordingBackend.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        program.application_closes = oslo(2026, 5, 4, 23, 59)
        publish_as_moderator(program, moderator)
    purged = set(RecordingBackend.purged)
    for page in (english_program_page, english_form, english_program_page.get_parent()):
        assert page.full_url in purged, page.full_url
    assert "http://localhost/en/" in purged  # the home page's program card


def test_english_home_page_card_follows_the_norwegian_deadline(
    client, english_program, moderator, home_page
):
    program, *_, english_program_page, _ = english_program
    english_home = english_program_page.get_parent().get_parent().specific
    english_home.featured_links = [
        {"type": "link", "value": {"page": english_program_page.pk, "title": "", "text": ""}}
    ]
    english_home.save_revision().publish()
    program.application_closes = oslo(2026, 5, 4, 23, 59)
    publish_as_moderator(program, moderator)
    text = visible_text(client.get(english_home.url).content.decode())
    assert "Applications are open – deadline 4 May 2026" in text
