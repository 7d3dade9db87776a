"""Translating creates drafts: nothing untranslated becomes live in /en/. The seed's English
site is live and fully translated."""

from wagtail.models import Page
from wagtail_localize.models import Translation

import pytest

from home.translation_progress import segment_progress, untranslated_segments
from tests.text import visible_text
from tests.translation_helpers import (
    EDITORS,
    MODERATORS,
    english,
    new_page_with_child,
    staff_user,
    translate,
)


def english_version(page):
    return page.get_translation(english())


@pytest.mark.parametrize("group", [EDITORS, MODERATORS])
def test_translate_this_page_with_subtree_creates_drafts(
    seeded_site, client, django_user_model, group, django_capture_on_commit_callbacks
):
    page, child = new_page_with_child(seeded_site.root_page)
    client.force_login(staff_user(django_user_model, group))

    # wagtail-localize publishes on commit: run those callbacks as a real request would.
    with django_capture_on_commit_callbacks(execute=True):
        response = translate(client, page, subtree=True)

    assert response.status_code == 302
    for norwegian in (page, child):
        translated = english_version(norwegian)
        assert not translated.live
        assert client.get(translated.url or "/en/nytt-om-kulturskolen/").status_code == 404


def test_translate_this_page_alone_creates_a_draft(
    seeded_site, client, django_user_model, django_capture_on_commit_callbacks
):
    page, _child = new_page_with_child(seeded_site.root_page)
    client.force_login(staff_user(django_user_model, EDITORS))
    with django_capture_on_commit_callbacks(execute=True):
        translate(client, page, subtree=False)
    assert not english_version(page).live


def test_every_seeded_english_page_is_live_and_fully_translated(seeded_site):
    translations = list(Translation.objects.filter(target_locale=english()))
    assert translations
    for translation in translations:
        assert untranslated_segments(translation)[0] == 0, translation.source.object_repr
        assert translation.get_target_instance().live


def test_seeded_lists_of_values_and_tasks_are_translated(seeded_site, client):
    """Value cards and task lists (lists inside blocks) were left in Norwegian."""
    strategy = visible_text(client.get("/en/strategy/").content.decode())
    assert "Inclusive" in strategy and "Inkluderende" not in strategy
    advocacy = visible_text(client.get("/en/strategy/advocacy/").content.decode())
    assert "Political influence" in advocacy and "Politisk påvirkning" not in advocacy


def test_english_home_page_links_to_english_pages(seeded_site, client):
    home = client.get("/en/").content.decode()
    assert "Into the future with the kulturskole" in visible_text(home)
    assert "Med kulturskolen inn i fremtiden" not in visible_text(home)
    assert 'href="/strategi/"' not in home


def test_seed_publishes_a_page_only_when_fully_translated(db, monkeypatch):
    """A segment the seed's translation memory lacks keeps that English page a draft."""
    import io

    from django.core.management import call_command

    from home.management.commands import load_initial_data

    real = load_initial_data.load_seed

    def without_one_string(name):
        data = real(name)
        if name == "translations/en.json":
            data = {k: v for k, v in data.items() if k != "Inkluderende"}
        return data

    monkeypatch.setattr(load_initial_data, "load_seed", without_one_string)
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    strategy = Page.objects.get(url_path="/home-en/strategy/")
    assert not strategy.live
    assert "1 av" in out.getvalue()
    assert Page.objects.get(url_path="/home-en/privacy/").live


def test_segment_progress_counts_per_locale(seeded_site):
    translation = Translation.objects.filter(target_locale=english()).first()
    progress = segment_progress([translation.source_id], [english().pk])
    untranslated, total = progress[translation.source_id, english().pk]
    assert total > 0 and untranslated == 0


def test_a_synchronised_locale_gets_no_live_alias_of_a_new_norwegian_page(seeded_site, client):
    """With «Synkroniser fra» set on English, wagtail-localize makes an English alias of each
    new Norwegian page, which would go live with it, Norwegian text and all."""
    from wagtail.models import Locale
    from wagtail_localize.models import LocaleSynchronization
    from wagtail_localize.synctree import create_aliases_for_new_page

    from home.models import ContentPage

    LocaleSynchronization.objects.create(locale=english(), sync_from=Locale.get_default())
    page = ContentPage(title="Kulturskoledagen", slug="kulturskoledagen", intro="Velkommen.")
    seeded_site.root_page.add_child(instance=page)
    create_aliases_for_new_page(page)  # Wagtail's after_create_page hook
    page.save_revision().publish()

    alias = page.get_translation(english())
    assert alias.alias_of_id == page.pk
    assert not alias.live
    assert client.get("/en/kulturskoledagen/").status_code == 404


def test_seed_reset_leaves_a_live_page_alone_while_a_sentence_is_untranslated(
    seeded_site, client, monkeypatch
):
    """On --reset, a translation with a sentence missing from the memory is saved as a
    draft revision; the live English page keeps its English text."""
    import io

    from django.core.management import call_command

    from home.management.commands import load_initial_data

    real = load_initial_data.load_seed

    def without_one_string(name):
        data = real(name)
        if name == "translations/en.json":
            data = {k: v for k, v in data.items() if k != "Inkluderende"}
        return data

    monkeypatch.setattr(load_initial_data, "load_seed", without_one_string)
    call_command("load_initial_data", "--reset", stdout=io.StringIO())
    strategy = Page.objects.get(url_path="/home-en/strategy/")
    assert strategy.live and strategy.has_unpublished_changes
    text = visible_text(client.get("/en/strategy/").content.decode())
    assert "Inclusive" in text and "Inkluderende" not in text
