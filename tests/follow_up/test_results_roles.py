"""Who may do what with a round's results: reviewers publish, update, close and reopen;
editors and moderators edit the intro through the normal moderated flow but never make a
results page, change its rows or copy it; nobody else reaches the results admin page."""

from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

import pytest

from applications.results import publish_results, results_page_of
from applications.results_page import ResultsPage
from tests.assessment.helpers import make_assessor
from tests.factories import ApplicationFormPageFactory, ProgramPageFactory
from tests.follow_up.results_helpers import BODO, decided, municipalities_listed
from tests.page_editor import edit_url, post_editor

pytestmark = pytest.mark.django_db


def denied(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a
    message (403 where it cannot)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def results_url(form_page):
    return f"/admin/vurdering/resultater/{form_page.pk}/"


@pytest.fixture
def published(form_page, users):
    decided(form_page, 1)
    return publish_results(form_page, users["reviewer"])


# The results admin page


@pytest.mark.parametrize("role", ["editor", "moderator", "assessor"])
def test_only_reviewers_reach_the_results_page(client, form_page, users, role, django_user_model):
    user = make_assessor(django_user_model, "ekstern") if role == "assessor" else users[role]
    client.force_login(user)
    assert denied(client.get(results_url(form_page)))
    assert denied(client.post(results_url(form_page), {"handling": "publiser"}))
    assert not ResultsPage.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(client, form_page):
    response = client.post(results_url(form_page), {"handling": "publiser"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not ResultsPage.objects.exists()


def test_a_reviewer_previews_publishes_closes_and_reopens(client, form_page, users):
    decided(form_page, 1, contact_name="Kari Nordmann")
    client.force_login(users["reviewer"])
    preview = client.get(results_url(form_page)).content.decode()
    assert "Bergen" in preview and "Kari Nordmann" not in preview
    assert "Resultatet er ikke publisert ennå." in preview

    client.post(results_url(form_page), {"handling": "publiser"})
    page = results_page_of(form_page)
    assert page.live and municipalities_listed(page) == ["Bergen"]
    shown = client.get(results_url(form_page)).content.decode()
    assert f'href="{page.url}"' in shown and "Avslutt runden" in shown

    client.post(results_url(form_page), {"handling": "avslutt"})
    assert results_page_of(form_page).closed_at is not None
    assert "Gjenåpne runden" in client.get(results_url(form_page)).content.decode()
    # Closed: «Oppdater nå» is refused, not done.
    decided(form_page, 2, municipality=BODO)
    client.post(results_url(form_page), {"handling": "oppdater"})
    assert municipalities_listed(page) == ["Bergen"]

    client.post(results_url(form_page), {"handling": "gjenapne"})
    assert results_page_of(form_page).closed_at is None
    assert municipalities_listed(page) == ["Bergen", "Bodø"]


def test_a_made_up_action_changes_nothing(client, form_page, users):
    client.force_login(users["reviewer"])
    response = client.post(results_url(form_page), {"handling": "slett"}, follow=True)
    assert response.status_code == 200
    assert "Handlingen kunne ikke utføres" in response.content.decode()
    assert not ResultsPage.objects.exists()


def test_the_rounds_page_links_to_the_results(client, form_page, users):
    client.force_login(users["reviewer"])
    html = client.get("/admin/vurdering/rangering/").content.decode()
    assert f'href="{results_url(form_page)}"' in html


# Wagtail's own views


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_nobody_makes_a_results_page_by_hand(client, form_page, users, role):
    client.force_login(users[role])
    add = client.get(f"/admin/pages/add/applications/resultspage/{form_page.pk}/")
    assert add.status_code in (302, 403)
    choices = client.get(f"/admin/pages/{form_page.pk}/add_subpage/")
    assert "resultspage" not in choices.content.decode()
    assert not ResultsPage.objects.exists()


def test_an_editor_edits_the_intro_but_not_the_rows(client, form_page, users, published):
    client.force_login(users["editor"])
    response = post_editor(
        client,
        edit_url(published),
        {"intro": rich_text("<p>Tildelingene for 2027</p>"), "results": "[]"},
    )
    assert response.status_code == 302
    page = ResultsPage.objects.get(pk=published.pk)
    draft = page.get_latest_revision()
    assert "Tildelingene for 2027" in draft.content["intro"]
    assert page.has_unpublished_changes and municipalities_listed(page) == ["Bergen"]
    # A moderator publishes it: the intro goes live, the rows stay those generated.
    client.force_login(users["moderator"])
    post_editor(client, edit_url(page), publish=True)
    page = ResultsPage.objects.get(pk=published.pk)
    assert "Tildelingene for 2027" in page.intro
    assert municipalities_listed(page) == ["Bergen"]


def test_a_results_page_cannot_be_copied(client, form_page, users, published):
    client.force_login(users["superuser"])
    url = f"/admin/pages/{published.pk}/copy/"
    response = client.post(
        url,
        {"new_title": "Kopi", "new_slug": "kopi", "new_parent_page": form_page.get_parent().pk},
        follow=True,
    )
    assert "En resultatside kan ikke kopieres" in response.content.decode()
    assert ResultsPage.objects.count() == 1
    assert not Page.objects.filter(slug="kopi").exists()


def test_a_results_page_cannot_be_moved_to_another_form(client, form_page, users, published):
    other_form = ApplicationFormPageFactory(parent=form_page.get_parent().get_parent())
    client.force_login(users["superuser"])
    response = client.post(
        f"/admin/pages/{published.pk}/move/{other_form.pk}/confirm/", follow=True
    )
    assert "En resultatside kan ikke flyttes" in response.content.decode()
    assert ResultsPage.objects.get(pk=published.pk).get_parent().pk == form_page.pk


def test_a_form_copied_with_its_subpages_leaves_the_rows_behind(
    client, form_page, users, published
):
    other_program = ProgramPageFactory(parent=form_page.get_parent().get_parent())
    client.force_login(users["superuser"])
    response = client.post(
        f"/admin/pages/{form_page.pk}/copy/",
        {
            "new_title": "Kopi av skjemaet",
            "new_slug": "kopi-av-skjemaet",
            "new_parent_page": other_program.pk,
            "copy_subpages": "on",
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    copied = ResultsPage.objects.exclude(pk=published.pk).get()
    assert (copied.results, copied.published_on, copied.closed_at) == ([], None, None)
    assert municipalities_listed(published) == ["Bergen"]
