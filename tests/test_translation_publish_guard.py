"""No way through wagtail-localize to publish without permission, or with Norwegian text
left in: each of its views that can make a translation live, as an editor and as a
moderator. The refusal is a Norwegian message, never a 500."""

from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.models import Page
from wagtail_localize.models import TranslationSource

import pytest

from tests.translation_helpers import (
    EDITORS,
    MODERATORS,
    english,
    new_page_with_child,
    staff_user,
    translate,
    translate_every_segment,
    translation_of,
)


@pytest.fixture
def drafts(seeded_site, client, django_user_model, django_capture_on_commit_callbacks):
    """A new Norwegian page and its child, translated into English drafts."""
    page, child = new_page_with_child(seeded_site.root_page)
    client.force_login(staff_user(django_user_model, MODERATORS, "oversetter"))
    with django_capture_on_commit_callbacks(execute=True):
        translate(client, page)
    client.logout()
    return page, child


def sign_in(client, django_user_model, group):
    client.force_login(staff_user(django_user_model, group))


def texts(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def english_of(page):
    return Page.objects.get(pk=page.get_translation(english()).pk)


def publish_in_editor(client, page):
    url = reverse("wagtailadmin_pages:edit", args=[english_of(page).pk])
    return client.post(url, {"action": "publish"})


def test_editor_cannot_publish_from_the_translation_editor(drafts, client, django_user_model):
    page, _child = drafts
    translate_every_segment(page)
    sign_in(client, django_user_model, EDITORS)
    response = publish_in_editor(client, page)
    assert response.status_code == 302
    assert "ikke tillatelse til å publisere" in texts(response)
    assert not english_of(page).live


def test_moderator_cannot_publish_untranslated_text(drafts, client, django_user_model):
    page, _child = drafts
    sign_in(client, django_user_model, MODERATORS)
    response = publish_in_editor(client, page)
    assert response.status_code == 302
    assert "er ikke oversatt" in texts(response)
    assert not english_of(page).live


def test_moderator_publishes_a_finished_translation(
    drafts, client, django_user_model, django_capture_on_commit_callbacks
):
    page, _child = drafts
    translate_every_segment(page)
    sign_in(client, django_user_model, MODERATORS)
    with django_capture_on_commit_callbacks(execute=True):
        response = publish_in_editor(client, page)
    assert response.status_code == 302
    assert english_of(page).live
    assert english_of(page).title.startswith("English text")


def sync(client, page, publish=True):
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    return client.post(url, {"publish_translations": "on"} if publish else {})


def change_seeded_program(seeded_site):
    norwegian = Page.objects.get(url_path="/home/program/veiledning-for-kulturskoleutvikling/")
    norwegian = norwegian.specific
    norwegian.intro = "En ny ingress som ikke er oversatt ennå."
    norwegian.save_revision().publish()
    return norwegian


def test_editor_cannot_publish_immediately_when_syncing(
    seeded_site, client, django_user_model, django_capture_on_commit_callbacks
):
    norwegian = change_seeded_program(seeded_site)
    published_at = english_of(norwegian).last_published_at
    sign_in(client, django_user_model, EDITORS)
    with django_capture_on_commit_callbacks(execute=True):
        response = sync(client, norwegian)
    assert response.status_code == 302
    assert "ikke tillatelse til å publisere oversettelsene" in texts(response)
    assert english_of(norwegian).last_published_at == published_at
    assert "En ny ingress" not in english_of(norwegian).specific.intro


def test_editor_may_sync_without_publishing(
    seeded_site, client, django_user_model, django_capture_on_commit_callbacks
):
    norwegian = change_seeded_program(seeded_site)
    sign_in(client, django_user_model, EDITORS)
    with django_capture_on_commit_callbacks(execute=True):
        response = sync(client, norwegian, publish=False)
    assert response.status_code == 302
    assert "ikke tillatelse" not in texts(response)


def test_moderator_sync_publishes_only_finished_translations(
    seeded_site, client, django_user_model, django_capture_on_commit_callbacks
):
    norwegian = change_seeded_program(seeded_site)
    published_at = english_of(norwegian).last_published_at
    sign_in(client, django_user_model, MODERATORS)
    with django_capture_on_commit_callbacks(execute=True):
        response = sync(client, norwegian)
    assert response.status_code == 302
    assert "1 av" in texts(response)
    assert english_of(norwegian).last_published_at == published_at
    assert "En ny ingress" not in english_of(norwegian).specific.intro

    translate_every_segment(norwegian, "Translated")
    norwegian.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        sync(client, norwegian)
    assert english_of(norwegian).specific.intro.startswith("Translated")


@pytest.mark.parametrize("method", ["get", "post"])
def test_editor_cannot_convert_a_translation_to_an_alias(drafts, client, django_user_model, method):
    page, _child = drafts
    target = english_of(page)
    sign_in(client, django_user_model, EDITORS)
    url = reverse("wagtail_localize:convert_to_alias", args=[target.pk])
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "ikke tillatelse til å gjøre" in texts(response)
    assert english_of(page).alias_of_id is None
    # Nor through the edit view's menu item, which forwards to the same view.
    edit = reverse("wagtailadmin_pages:edit", args=[target.pk])
    response = client.post(edit, {"localize-convert-to-alias": "1"})
    assert "ikke tillatelse" in texts(response)
    assert english_of(page).alias_of_id is None


def test_moderator_may_convert_to_an_alias(drafts, client, django_user_model):
    page, _child = drafts
    sign_in(client, django_user_model, MODERATORS)
    url = reverse("wagtail_localize:convert_to_alias", args=[english_of(page).pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert english_of(page).alias_of_id == page.pk
    assert not english_of(page).live  # an alias would show the Norwegian text


def test_translating_under_an_untranslated_parent_makes_no_live_alias(
    seeded_site, client, django_user_model, django_capture_on_commit_callbacks
):
    """wagtail-localize copies an untranslated parent as an alias of the Norwegian page."""
    parent, child = new_page_with_child(seeded_site.root_page)
    sign_in(client, django_user_model, EDITORS)
    with django_capture_on_commit_callbacks(execute=True):
        translate(client, child, subtree=False)
    alias = parent.get_translation(english())
    assert alias.alias_of_id == parent.pk
    assert not alias.live
    assert not english_of(child).live


def test_moderator_cannot_approve_a_translation_with_untranslated_text(
    drafts, client, django_user_model
):
    page, _child = drafts
    target = english_of(page).specific
    editor = staff_user(django_user_model, EDITORS)
    target.get_workflow().start(target, editor)  # as if submitted before a sync added text
    task_state = Page.objects.get(pk=target.pk).current_workflow_task_state
    sign_in(client, django_user_model, MODERATORS)
    url = reverse("wagtailadmin_pages:workflow_action", args=[target.pk, "approve", task_state.pk])
    response = client.post(url, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    assert "er ikke oversatt" in texts(response)
    assert not english_of(page).live
    response = client.post(url)
    assert response.status_code == 302
    assert not english_of(page).live


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("stop_translation", "post"),
        ("machine_translate", "post"),
        ("download_pofile", "get"),
        ("preview_translation", "get"),
    ],
)
def test_other_localize_views_publish_nothing_for_an_editor(
    drafts, client, django_user_model, name, method
):
    page, _child = drafts
    translation = translation_of(page)
    sign_in(client, django_user_model, EDITORS)
    response = getattr(client, method)(
        reverse(f"wagtail_localize:{name}", args=[translation.pk]), {"next": "/admin/"}
    )
    assert response.status_code < 500
    assert not english_of(page).live


def test_editor_string_edits_publish_nothing(drafts, client, django_user_model):
    from wagtail_localize.models import StringSegment

    page, _child = drafts
    translation = translation_of(page)
    segment = StringSegment.objects.filter(source=translation.source).first()
    sign_in(client, django_user_model, EDITORS)
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    response = client.put(url, "value=News", content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500
    assert not english_of(page).live


def test_localize_report_leads_to_ours(seeded_site, client, django_user_model):
    sign_in(client, django_user_model, EDITORS)
    response = client.get(reverse("wagtail_localize:translations_report"))
    assert response.status_code == 302
    assert response.url == reverse("translation_status_report")
    admin = client.get("/admin/reports/oversettelser/").content.decode()
    assert reverse("wagtail_localize:translations_report") not in admin


def test_moderator_cannot_bulk_publish_untranslated_text(drafts, client, django_user_model):
    page, _child = drafts
    target = english_of(page)
    sign_in(client, django_user_model, MODERATORS)
    url = f"/admin/bulk/wagtailcore/page/publish/?id={target.pk}&next=/admin/"
    response = client.post(url)
    assert response.status_code == 302
    assert "er ikke oversatt" in texts(response)
    assert not english_of(page).live


def localize_urls():
    """Every URL wagtail-localize registers in the admin, by name and URL parameters."""
    from wagtail_localize.wagtail_hooks import register_admin_urls

    (localize,) = register_admin_urls()
    return [(p.name, list(p.pattern.converters)) for p in localize.url_patterns]


URL_VALUES = {
    "app_label": "home",
    "model_name": "sitesettings",
    "pk": "1",
    "mode": "default",
    "overridable_segment_id": 999999,
}


@pytest.mark.parametrize("group", [EDITORS, MODERATORS])
@pytest.mark.parametrize(("name", "parameters"), localize_urls())
def test_every_localize_url_as_each_role(
    drafts, client, django_user_model, name, parameters, group
):
    """GET and POST on each of them, with the fields that would publish if anything did:
    never a 500, and nothing goes live for an editor."""
    from wagtail_localize.models import StringSegment

    page, child = drafts
    translation = translation_of(page)
    values = {
        **URL_VALUES,
        "page_id": english_of(page).pk,
        "translation_source_id": translation.source_id,
        "translation_id": translation.pk,
        "string_segment_id": StringSegment.objects.filter(source=translation.source).first().pk,
    }
    url = reverse(f"wagtail_localize:{name}", kwargs={p: values[p] for p in parameters})
    translate_every_segment(page)
    sign_in(client, django_user_model, group)
    data = {"publish_translations": "on", "action": "publish", "locales": [english().pk]}
    for response in (client.get(url), client.post(url, data)):
        assert response.status_code < 500, (name, response.status_code)
    if group == EDITORS:
        assert not english_of(page).live
        assert not english_of(child).live
