"""«Oversettelser» tells the truth per page and language, links each row to the action that
fixes it, and costs the same number of queries however many pages there are."""

from django.urls import reverse

from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationSource

from home.models import ContentPage
from tests.text import visible_text
from tests.translation_helpers import (
    EDITORS,
    english,
    new_page_with_child,
    staff_user,
    translate,
)

REPORT = "/admin/reports/oversettelser/"


def report(client):
    response = client.get(REPORT)
    return response.content.decode(), visible_text(response.content.decode())


def test_each_status_links_to_its_fix(
    seeded_site, client, django_user_model, django_capture_on_commit_callbacks
):
    client.force_login(staff_user(django_user_model, EDITORS))
    page, _child = new_page_with_child(seeded_site.root_page)
    html, text = report(client)
    assert "Nyheter om kulturskolen Mangler oversettelse – Oversett" in text
    assert reverse("wagtail_localize:submit_page_translation", args=[page.pk]) in html

    with django_capture_on_commit_callbacks(execute=True):
        translate(client, page)
    html, text = report(client)
    assert "Nyheter om kulturskolen Uoversatte tekstbiter: 3 av 3" in text
    target = page.get_translation(english())
    assert reverse("wagtailadmin_pages:edit", args=[target.pk]) in html

    strategy = Page.objects.get(url_path="/home/strategi/").specific
    html, text = report(client)
    assert "Med kulturskolen inn i fremtiden Oppdatert" in text
    strategy.save_revision().publish()
    html, text = report(client)
    assert "Med kulturskolen inn i fremtiden Utdatert – synkroniser" in text
    source = TranslationSource.objects.get(
        object_id=strategy.translation_key, locale=strategy.locale
    )
    assert reverse("wagtail_localize:update_translations", args=[source.pk]) in html


def test_seeded_site_is_up_to_date_everywhere(seeded_site, client, django_user_model):
    client.force_login(staff_user(django_user_model, EDITORS))
    _html, text = report(client)
    assert "Uoversatte" not in text and "Mangler" not in text and "Utdatert" not in text


def test_query_count_does_not_grow_with_pages(seeded_site, client, django_user_model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_user(django_user_model, EDITORS))
    client.get(REPORT)
    with CaptureQueriesContext(connection) as small:
        client.get(REPORT)
    for n in range(10):
        page = ContentPage(title=f"Side {n}", slug=f"side-{n}")
        seeded_site.root_page.add_child(instance=page)
        page.save_revision().publish()
        # Translated, so each row has segments to count as well.
        source, _created = TranslationSource.get_or_create_from_instance(page)
        Translation.objects.create(source=source, target_locale=english()).save_target(
            publish=False
        )
    with CaptureQueriesContext(connection) as large:
        client.get(REPORT)
    assert len(large) == len(small)
