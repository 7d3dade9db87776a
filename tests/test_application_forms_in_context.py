"""The form where it lives: embedded in pages, seeded for the program, in English, under load."""

import threading
import time

from django.db import connection
from django.test import Client

import pytest

from forms.models import ApplicationFormPage, ApplicationSubmission, ReferenceCounter
from home.models import ContentPage
from tests.conftest import oslo
from tests.forms_helpers import build_form, post_application, translate_form, valid_answers
from tests.text import visible_text


@pytest.fixture
def application_form(home_page, clock):
    clock(oslo(2026, 4, 1, 12, 0))
    return build_form(home_page)


# Embedded in another page


def embed(home_page, form_page):
    page = ContentPage(
        title="Søk nå",
        slug="sok-na",
        body=[{"type": "application_form", "value": {"form_page": form_page.pk, "heading": ""}}],
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_embedded_form_posts_to_its_form_page(client, home_page, application_form):
    _, form_page, keys = application_form
    page = embed(home_page, form_page)
    html = client.get(page.url).content.decode()
    assert f'<form class="application-form" action="{form_page.url}"' in html
    assert f'name="{keys["municipality"]}"' in html
    assert "skjema_token" in html
    # A form with section headings shows its first step only, and goes on at the form page.
    assert f'name="{keys["why"]}"' not in html
    assert 'name="steg" value="1"' in html and "Steg 1 av 2" in visible_text(html)
    answers = valid_answers(keys)
    first_step = {keys[key]: answers[keys[key]] for key in ("municipality", "orgnr")}
    response = post_application(client, form_page, {**first_step, "steg": "1", "handling": "neste"})
    assert response.status_code == 302 and response["Location"] == f"{form_page.url}?steg=2"
    # A whole form posted at once (a page cached before the steps) is still taken.
    response = post_application(client, form_page, valid_answers(keys))
    assert response.status_code == 302
    assert ApplicationSubmission.objects.count() == 1


def test_embedded_form_respects_the_window(client, home_page, application_form, clock):
    _, form_page, _ = application_form
    page = embed(home_page, form_page)
    clock(oslo(2026, 5, 1))
    html = client.get(page.url).content.decode()
    assert "application-form" not in html
    assert "Søknadsfristen gikk ut 13. april 2026 kl. 23.59" in visible_text(html)


# The seeded form


def test_seed_adds_the_programs_application_form(seeded_site, client):
    form_page = ApplicationFormPage.objects.get(locale__language_code="nb")
    assert form_page.get_parent().title == "Veiledning for kulturskoleutvikling"
    assert form_page.reference_prefix == "VKU"
    assert form_page.application_window.opens == oslo(2026, 3, 19, 13, 0)
    types = [f.field_type for f in form_page.form_fields.all()]
    assert types.count("municipality") == 1 and "orgnr" in types and "phone" in types
    assert types.count("checkbox") == 5  # four commitments and the consent
    assert "attachment" in types and types.count("section") == 6
    labels = [f.label for f in form_page.form_fields.all()]
    for role in [
        "Kulturskoleeier, politisk nivå",
        "Kulturskoleeier, administrativt nivå",
        "Kulturskoleleder (rektor)",
        "Ressurslærer 1",
    ]:
        assert f"{role}: e-post" in labels
    required = {f.label: f.required for f in form_page.form_fields.all()}
    assert required["Ressurslærer 1: navn"] and not required["Ressurslærer 2: navn"]
    assert [f.label for f in form_page.form_fields.filter(is_applicant_email=True)] == ["E-post"]
    # Closed today (the program's window was in spring 2026).
    text = visible_text(client.get(form_page.url).content.decode())
    assert "Søknadsfristen gikk ut 13. april 2026 kl. 23.59" in text
    # The closed program page does not link to the closed form.
    program_html = client.get(form_page.get_parent().url).content.decode()
    assert f'href="{form_page.url}"' not in program_html


# In English


def test_english_answers_land_with_the_norwegian_ones(
    client, home_page, application_form, django_capture_on_commit_callbacks
):
    from django.core import mail

    program, form_page, keys = application_form
    for page in [home_page, program.get_parent(), program]:
        translate_form(page)
    english_form = translate_form(form_page)
    response = client.get(english_form.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    # The form goes step by step (issue 16): the question is on its second step.
    first_step = {k: v for k, v in valid_answers(keys).items() if f'name="{k}"' in html}
    post_application(client, english_form, {**first_step, "steg": 1, "handling": "neste"})
    html = client.get(f"{english_form.url}?steg=2").content.decode()
    assert "Why are you applying?" in html
    assert '<option value="100 to 500">100 to 500</option>' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = post_application(
            client,
            english_form,
            valid_answers(keys, size="100 to 500", why="We want a learning community."),
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    submission = ApplicationSubmission.objects.get()
    assert submission.page_id == form_page.pk  # the Norwegian page: one review list
    assert submission.language == "en"
    assert submission.form_data[keys["why"]] == "We want a learning community."
    assert submission.form_data[keys["size"]] == "100–500"  # the Norwegian option
    assert submission.reference == "VKU-2026-0001"
    receipt = next(m for m in mail.outbox if m.to == ["kari@bergen.kommune.no"])
    assert "Reference number: VKU-2026-0001" in receipt.body
    assert "Why are you applying?" not in receipt.body or "Hvorfor" not in receipt.body
    confirmation = visible_text(client.get(response["Location"]).content.decode())
    assert "Your application has been sent" in confirmation


# Under load


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.postgresql_only(
    reason="Row locks are PostgreSQL's; SQLite serialises writers. CI runs this on PostgreSQL.",
)
def test_references_are_unique_under_concurrent_posts(home_page, settings, monkeypatch):
    settings.APPLICATION_RATE_LIMIT = (1000, 600)
    from django.utils import timezone

    # Widen the moment between reading the counter and writing it back, so requests that
    # were not made to wait for the row lock would all read the same number (and the test
    # fails when the lock is gone, as it did when select_for_update() was removed).
    save_counter = ReferenceCounter.save

    def slow_save(counter, *args, **kwargs):
        time.sleep(0.05)
        return save_counter(counter, *args, **kwargs)

    monkeypatch.setattr(ReferenceCounter, "save", slow_save)

    program, form_page, keys = build_form(home_page)
    program.application_opens = timezone.now() - timezone.timedelta(days=1)
    program.application_closes = timezone.now() + timezone.timedelta(days=1)
    program.save_revision().publish()

    results = []

    def send(index):
        client = Client()
        municipality = ["0301", "4601", "1103", "5001"][index % 4]
        response = post_application(
            client,
            form_page,
            valid_answers(keys, municipality=municipality),
            REMOTE_ADDR=f"10.0.0.{index}",
        )
        results.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [302] * 16
    references = list(ApplicationSubmission.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 16
    assert sorted(references) == [f"VKU-{timezone.localdate().year}-{n:04d}" for n in range(1, 17)]
