"""Previews carry the admin's security headers; public pages keep their own; no preview
goes through the page cache.

Wagtail renders a preview by sending a made-up request for the page's public URL through
the whole middleware chain, so without care it gets the public policy
(`frame-ancestors 'none'`, `X-Frame-Options: DENY`) and the admin's preview frame shows a
broken page. Every view that renders a page for the admin is checked here, as a moderator
(who may preview and approve) and as an editor.
"""

from django.test import override_settings

from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail_localize.models import Translation

import pytest

from forms.models import ApplicationFormPage
from home.models import ContentPage, HomePage, StrategyPage
from program.models import ProgramIndexPage, ProgramPage
from tests.page_editor import staff_user
from tests.test_security import csp_of

pytestmark = pytest.mark.django_db


def assert_admin_framing(response):
    assert response.status_code == 200
    policy = csp_of(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # Our own files still load; Wagtail's preview scripts (user bar, checker) may run.
    assert "'self'" in policy["script-src"] and "'self'" in policy["style-src"]
    assert policy["object-src"] == ["'none'"]


def assert_public_framing(response):
    assert response.status_code == 200
    policy = csp_of(response)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def moderator(django_user_model, seeded_site):
    return staff_user(django_user_model, "moderator-forhandsvisning", "Moderatorer")


@pytest.fixture
def editor(django_user_model, seeded_site):
    return staff_user(django_user_model, "redaktor-forhandsvisning", "Redaktører")


def nb_page(model):
    return model.objects.filter(locale__language_code="nb").first()


def preview_on_edit(client, page):
    """What the editor's panel does: POST the form, then GET the rendering."""
    url = f"/admin/pages/{page.pk}/edit/preview/"
    data = nested_form_data(
        {
            "title": "Forhåndsvist tittel",
            "slug": page.slug,
            "eyebrow": "",
            "intro": "",
            "body": streamfield([]),
        }
    )
    assert client.post(url, data).json()["is_valid"]
    return client.get(f"{url}?in_preview_panel=true")


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_the_editors_preview_panel_may_be_framed_by_the_admin(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = preview_on_edit(client, nb_page(ContentPage))
    assert_admin_framing(response)
    assert "Forhåndsvist tittel" in response.content.decode()


PAGE_TYPES = [
    HomePage,
    StrategyPage,
    ContentPage,
    ProgramIndexPage,
    ProgramPage,
    ApplicationFormPage,
]


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("model", PAGE_TYPES, ids=lambda model: model.__name__)
def test_each_page_types_preview_may_be_framed_by_the_admin(client, editor, model, language):
    client.force_login(editor)
    page = model.objects.filter(locale__language_code=language).first()
    # The page as last saved, rendered as the panel renders it (make_preview_request).
    response = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert_admin_framing(response)
    assert page.title in response.content.decode()


def test_the_preview_of_a_new_page_may_be_framed_by_the_admin(client, editor):
    client.force_login(editor)
    home = nb_page(HomePage)
    url = f"/admin/pages/add/home/contentpage/{home.pk}/preview/"
    data = nested_form_data(
        {
            "title": "En ny side",
            "slug": "en-ny-side",
            "eyebrow": "",
            "intro": "",
            "body": streamfield([]),
        }
    )
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)
    assert_admin_framing(response)
    assert "En ny side" in response.content.decode()


def test_a_revision_and_the_draft_may_be_framed_by_the_admin(client, moderator):
    client.force_login(moderator)
    page = nb_page(ContentPage)
    revision = page.save_revision()
    for url in (
        f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/",
        f"/admin/pages/{page.pk}/view_draft/",
    ):
        assert_admin_framing(client.get(url))


def test_the_revision_comparison_has_the_admin_policy(client, moderator):
    client.force_login(moderator)
    page = nb_page(ContentPage)
    first = page.save_revision()
    second = page.save_revision()
    response = client.get(f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{second.pk}/")
    assert response.status_code == 200
    assert csp_of(response)["frame-ancestors"] == ["'self'"]


def test_the_workflow_preview_may_be_framed_by_the_admin(client, editor, moderator):
    page = nb_page(ContentPage)
    workflow = Workflow.objects.get(name="Moderatorgodkjenning")
    workflow.start(page, editor)
    task_state = page.current_workflow_state.current_task_state
    client.force_login(moderator)
    response = client.get(f"/admin/pages/workflow/preview/{page.pk}/{task_state.task_id}/")
    assert_admin_framing(response)


def test_the_translation_preview_may_be_framed_by_the_admin(client, editor):
    client.force_login(editor)
    translation = Translation.objects.filter(target_locale__language_code="en").first()
    assert translation is not None, "the seed makes its English pages through wagtail-localize"
    assert isinstance(translation.get_target_instance(), Page)
    response = client.get(f"/admin/localize/translate/{translation.pk}/preview/")
    assert_admin_framing(response)


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_public_pages_keep_their_policy_also_for_editors(client, editor, path):
    for who in ("anonymous", "editor"):
        if who == "editor":
            client.force_login(editor)
        assert_public_framing(client.get(path))


@override_settings(PAGE_CACHE_SECONDS=300)
def test_a_preview_is_never_answered_from_the_page_cache_nor_stored(client, seeded_site):
    home = nb_page(HomePage)
    published = client.get("/")
    assert published["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"

    home.title = "Utkast som bare redaktøren ser"
    # Without a request (no session cookie in it) the preview looks like an anonymous
    # visitor's: it must still render the draft, not the published page from the cache.
    preview = home.make_preview_request(None, "")
    assert "X-Page-Cache" not in preview
    assert "Utkast som bare redaktøren ser" in preview.content.decode()
    assert_admin_framing(preview)
    # And the public page in the cache is still the published one.
    public = client.get("/")
    assert public["X-Page-Cache"] == "hit"
    assert "Utkast som bare redaktøren ser" not in public.content.decode()
