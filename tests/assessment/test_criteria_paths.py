"""Only reviewers who may edit the page change a round's criteria, on every path into the
page: the editor, an old revision, moderation, a copy, a translation and its sync. Everyone
else saves the page with the criteria a reviewer left there."""

from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

import pytest

from forms.models import ApplicationFormPage, AssessmentCriterion
from tests.assessment.helpers import add_criteria
from tests.factories import ProgramPageFactory
from tests.page_editor import edit_url, form_as_shown, live, post_editor, staff_user
from tests.published_translation import translate_and_publish

FORGED = {
    "assessment_criteria-TOTAL_FORMS": "1",
    "assessment_criteria-INITIAL_FORMS": "0",
    "assessment_criteria-MIN_NUM_FORMS": "0",
    "assessment_criteria-MAX_NUM_FORMS": "1000",
    "assessment_criteria-0-title": "Smuglet kriterium",
    "assessment_criteria-0-description": "",
    "assessment_criteria-0-scale_min": "1",
    "assessment_criteria-0-scale_max": "100",
    "assessment_criteria-0-weight": "9",
    "assessment_criteria-0-ORDER": "1",
}


@pytest.fixture
def reviewer_editor(django_user_model):
    return staff_user(django_user_model, "behandler3", "Redaktører", "Søknadsbehandlere")


@pytest.fixture
def page(form_page):
    """A form page with the criteria a reviewer published: weights 1 and 2, scale 1–6."""
    add_criteria(form_page, 1, 2)
    return form_page


def stored(page):
    return [
        (c.pk, c.title, c.scale_min, c.scale_max, c.weight)
        for c in AssessmentCriterion.objects.filter(page=page).order_by("sort_order")
    ]


def revision_titles(page):
    content = live(page).get_latest_revision().content
    return [row["title"] for row in content["assessment_criteria"]]


# The page editor, as an editor and a moderator


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_editors_and_moderators_neither_see_nor_change_the_criteria(client, users, page, who):
    before = stored(page)
    client.force_login(users[who])
    html = client.get(edit_url(page)).content.decode()
    assert "assessment_criteria-TOTAL_FORMS" not in html
    assert "Kriterium 1" not in html
    action = {"publish": True} if who == "moderator" else {}
    changes = {"title": "Søknad, ny tittel", **FORGED}
    response = post_editor(client, edit_url(page), changes, **action)
    assert response.status_code == 302  # saved: no management form error
    assert live(page).get_latest_revision().content["title"] == "Søknad, ny tittel"
    assert stored(page) == before
    assert revision_titles(page) == ["Kriterium 1", "Kriterium 2"]


def test_editors_forged_deletion_of_a_criterion_is_ignored(client, users, page):
    before = stored(page)
    client.force_login(users["editor"])
    first = before[0][0]
    forged = {
        **FORGED,
        "assessment_criteria-INITIAL_FORMS": "1",
        "assessment_criteria-0-id": str(first),
        "assessment_criteria-0-DELETE": "on",
    }
    assert post_editor(client, edit_url(page), forged, submit=True).status_code == 302
    assert stored(page) == before
    assert revision_titles(page) == ["Kriterium 1", "Kriterium 2"]


@pytest.mark.parametrize("who", ["editor", "moderator"])
def test_reverting_to_an_old_revision_keeps_the_stored_criteria(client, users, form_page, who):
    add_criteria(form_page, 3, 3, 3, scale=(1, 4))
    old_revision = form_page.get_latest_revision()
    add_criteria(form_page, 1, 2)
    before = stored(form_page)
    client.force_login(users[who])
    revert_url = f"/admin/pages/{form_page.pk}/revisions/{old_revision.pk}/revert/"
    action = {"publish": True} if who == "moderator" else {}
    assert post_editor(client, revert_url, **action).status_code == 302
    assert stored(form_page) == before
    assert revision_titles(form_page) == ["Kriterium 1", "Kriterium 2"]


def test_moderator_approving_an_editors_draft_publishes_the_reviewers_criteria(client, users, page):
    before = stored(page)
    client.force_login(users["editor"])
    post_editor(client, edit_url(page), {"title": "Søknad, ny tittel", **FORGED}, submit=True)
    assert live(page).current_workflow_state.status == "in_progress"
    client.force_login(users["moderator"])
    assert post_editor(client, edit_url(page), workflow="approve").status_code == 302
    assert live(page).title == "Søknad, ny tittel"
    assert stored(page) == before


def test_preview_of_the_form_page_works_for_an_editor(client, users, page):
    client.force_login(users["editor"])
    shown = client.get(edit_url(page))
    data = form_as_shown(shown.context["form"])
    url = f"/admin/pages/{page.pk}/edit/preview/"
    assert client.post(url, {**data, **FORGED}).json()["is_valid"] is True
    response = client.get(url)
    assert response.status_code == 200
    assert stored(page)[0][1] == "Kriterium 1"


# Copies


def test_a_copy_has_the_originals_criteria(client, users, page):
    other_program = ProgramPageFactory(parent=page.get_parent().get_parent(), title="Et annet")
    client.force_login(users["editor"])
    response = client.post(
        f"/admin/pages/{page.pk}/copy/",
        {"new_title": "Kopi", "new_slug": "kopi", "new_parent_page": other_program.pk, **FORGED},
    )
    assert response.status_code == 302
    copy = ApplicationFormPage.objects.get(slug="kopi")
    assert [row[1:] for row in stored(copy)] == [row[1:] for row in stored(page)]


def test_an_editor_creating_a_form_page_gives_it_no_criteria(client, users, form_page):
    other_program = ProgramPageFactory(parent=form_page.get_parent().get_parent(), title="Et annet")
    client.force_login(users["editor"])
    add_url = f"/admin/pages/add/forms/applicationformpage/{other_program.pk}/"
    changes = {"title": "Nytt skjema", "slug": "nytt-skjema", "reference_prefix": "NYT", **FORGED}
    assert post_editor(client, add_url, changes).status_code == 302
    created = ApplicationFormPage.objects.get(slug="nytt-skjema")
    assert stored(created) == []
    assert revision_titles(created) == []


# Reviewers who edit


def test_a_reviewer_who_edits_adds_changes_and_removes_criteria(client, reviewer_editor, page):
    first, second = (row[0] for row in stored(page))
    client.force_login(reviewer_editor)
    assert 'name="assessment_criteria-TOTAL_FORMS"' in client.get(edit_url(page)).content.decode()
    changes = {
        "assessment_criteria-TOTAL_FORMS": "3",
        "assessment_criteria-0-title": "Tydelig ønske om utvikling",
        "assessment_criteria-0-weight": "1.5",
        "assessment_criteria-1-DELETE": "on",
        "assessment_criteria-2-title": "Vilje til å dele erfaringer",
        "assessment_criteria-2-description": "",
        "assessment_criteria-2-scale_min": "1",
        "assessment_criteria-2-scale_max": "6",
        "assessment_criteria-2-weight": "1",
        "assessment_criteria-2-ORDER": "3",
    }
    response = post_editor(client, edit_url(page), changes)
    assert response.status_code == 302
    criteria = live(page).get_latest_revision().as_object().assessment_criteria.all()
    assert [(c.pk, c.title, c.weight) for c in criteria] == [
        (first, "Tydelig ønske om utvikling", Decimal("1.5")),
        (None, "Vilje til å dele erfaringer", Decimal("1")),
    ]
    assert second not in [c.pk for c in criteria]


def test_a_moderator_approving_with_changes_publishes_the_reviewers_new_criteria(
    client, users, reviewer_editor, page
):
    client.force_login(reviewer_editor)
    changes = {"assessment_criteria-0-title": "Tydelig ønske om utvikling"}
    assert post_editor(client, edit_url(page), changes, submit=True).status_code == 302
    client.force_login(users["moderator"])
    changes = {"title": "Søknad, rettet av moderator"}
    assert post_editor(client, edit_url(page), changes, workflow="approve").status_code == 302
    assert live(page).title == "Søknad, rettet av moderator"
    assert [row[1] for row in stored(page)] == ["Tydelig ønske om utvikling", "Kriterium 2"]


def test_a_moderator_approving_with_changes_keeps_the_reviewers_new_address(
    client, users, reviewer_editor, page
):
    # The notification address follows the same rule as the criteria (page_forms.py).
    new_address = "ny-mottaker@kulturskoleradet.no"
    client.force_login(reviewer_editor)
    post_editor(client, edit_url(page), {"to_address": new_address}, submit=True)
    client.force_login(users["moderator"])
    post_editor(client, edit_url(page), {"title": "Søknad, rettet"}, workflow="approve")
    assert (live(page).title, live(page).to_address) == ("Søknad, rettet", new_address)


def test_criteria_on_different_scales_are_refused_by_the_field(client, reviewer_editor, page):
    client.force_login(reviewer_editor)
    response = post_editor(client, edit_url(page), {"assessment_criteria-1-scale_max": "10"})
    assert response.status_code == 200
    formset = response.context["form"].formsets["assessment_criteria"]
    assert formset.forms[1].errors["scale_max"] == [
        "Alle kriteriene må ha samme skala, for eksempel 1–6."
    ]
    assert [row[3] for row in stored(page)] == [6, 6]


# Translations


MEANINGS = [("Kriterium", "Criterion"), ("Hva kriterium", "Meaning")]
FORM_TYPE = "application/x-www-form-urlencoded"
NEW_CRITERION = {"Kriterium 3": "Criterion 3", "Hva kriterium 3 betyr": "Meaning 3"}


def strings(source):
    return StringSegment.objects.filter(source=source).values_list("string__data", flat=True)


def english():
    return Locale.objects.get(language_code="en")


def test_translators_cannot_override_scale_or_weight(page):
    # wagtail-localize offers overrides for text and links only, so no number of a criterion
    # is ever an override; the sync test below shows the round's numbers win.
    source, _ = TranslationSource.get_or_create_from_instance(page)
    paths = OverridableSegment.objects.filter(source=source).values_list("context__path", flat=True)
    assert not [path for path in paths if "assessment_criteria" in path]


def test_a_translation_has_translated_titles_and_the_sources_scale_and_weight(page):
    translated = translate_and_publish(page, {"Kriterium 1": "Criterion 1"})
    rows = list(translated.assessment_criteria.order_by("sort_order"))
    assert rows[0].title == "Criterion 1"
    assert [(c.scale_min, c.scale_max, c.weight) for c in rows] == [
        (1, 6, Decimal("1")),
        (1, 6, Decimal("2")),
    ]


def sync(client, source, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302


def test_syncing_translations_brings_new_and_changed_criteria_over(
    client, users, page, django_capture_on_commit_callbacks
):
    source, _ = TranslationSource.get_or_create_from_instance(page)
    memory = {text: f"EN {text}" for text in strings(source)}
    memory.update({f"{no} {n}": f"{en} {n}" for n in (1, 2) for no, en in MEANINGS})
    translated = translate_and_publish(page, memory)
    AssessmentCriterion.objects.filter(page=translated).update(weight=7)  # not the round's
    # The reviewer changes the scale and a weight in place and adds a third criterion.
    norwegian = live(page)
    rows = list(norwegian.assessment_criteria.all())
    for row in rows:
        row.scale_max = 4
    rows[0].weight = Decimal("3")
    rows.append(AssessmentCriterion(title="Kriterium 3", description="Hva kriterium 3 betyr"))
    rows[-1].scale_max, rows[-1].sort_order = 4, 3
    norwegian.assessment_criteria = rows
    norwegian.save_revision().publish()

    client.force_login(users["moderator"])
    sync(client, source, django_capture_on_commit_callbacks)
    # The new criterion's text waits for a translator (localize's string API).
    translation = Translation.objects.get(source=source, target_locale=english())
    done = set(
        StringTranslation.objects.filter(locale=english()).values_list("translation_of", "context")
    )
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        if (segment.string_id, segment.context_id) in done:
            continue
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        value = NEW_CRITERION.get(segment.string.data, f"EN {segment.string.data}")
        response = client.put(url, urlencode({"value": value}), content_type=FORM_TYPE)
        assert response.status_code == 201
    sync(client, source, django_capture_on_commit_callbacks)

    target = ApplicationFormPage.objects.get(pk=translated.pk)
    rows = list(target.assessment_criteria.order_by("sort_order"))
    assert [(c.title, c.scale_min, c.scale_max, c.weight) for c in rows] == [
        ("Criterion 1", 1, 4, Decimal("3")),
        ("Criterion 2", 1, 4, Decimal("2")),
        ("Criterion 3", 1, 4, Decimal("1")),
    ]
