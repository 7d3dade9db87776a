"""«Lagre og fortsett senere»: the resume link by e-mail, resuming in another browser, and
the link after the deadline (issue 16, item 4)."""

import re

from django.core import mail
from django.test import Client

from forms.drafts import COOKIE_NAME
from forms.models import ApplicationDraft
from tests.application_form.test_steps import by_key, contact_step, first_step, step_post
from tests.conftest import oslo
from tests.text import visible_text


def save_on_step_two(client, page, keys, committed, **overrides):
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    with committed():
        return step_post(client, page, 2, contact_step(keys, **overrides), "lagre")


def resume_link(message):
    return re.search(r"https?://\S+/fortsett/\S+/", message.body).group(0)


def test_save_sends_a_link_without_answers_to_the_applicant_email(client, page, keys, committed):
    response = save_on_step_two(client, page, keys, committed, phone="12")
    assert response.status_code == 302
    saved = client.get(response["Location"])
    text = visible_text(saved.content.decode())
    assert "Utkastet er lagret" in text and "kari@bergen.kommune.no" in text
    message = next(m for m in mail.outbox if m.to == ["kari@bergen.kommune.no"])
    assert page.title in message.body
    assert "Kari" not in message.body.replace("kari@", "") and "974" not in message.body
    draft = ApplicationDraft.objects.get()
    assert draft.resume_link_sent_at is not None
    assert resume_link(message).rstrip("/").rsplit("/", 1)[1] not in draft.resume_key_hash


def test_the_link_resumes_in_another_browser_at_the_step_where_it_stopped(
    client, page, keys, committed
):
    save_on_step_two(client, page, keys, committed, phone="12")
    link = resume_link(mail.outbox[-1])
    other = Client()
    response = other.get("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert response.status_code == 302 and response["Location"].endswith("?steg=2")
    assert COOKIE_NAME in response.cookies
    html = other.get(response["Location"]).content.decode()
    assert 'value="12"' in html  # what was typed, even the wrong value


def test_without_an_address_the_save_page_asks_for_one(client, page, keys, committed):
    step_post(client, page, 1, by_key(keys, first_step(keys)))
    with committed():
        response = step_post(client, page, 2, contact_step(keys, email="ikke-en-adresse"), "lagre")
    asked = client.get(response["Location"])
    assert "E-postadresse" in visible_text(asked.content.decode())
    refused = client.post(response["Location"], {"epost": "feil"})
    assert refused.status_code == 400
    assert "Skriv en gyldig e-postadresse" in visible_text(refused.content.decode())
    assert '<a href="#id_epost">Skriv en gyldig' in refused.content.decode()
    assert 'id="id_epost"' in refused.content.decode()
    with committed():
        client.post(response["Location"], {"epost": "ola@kommune.no"})
    assert any(m.to == ["ola@kommune.no"] for m in mail.outbox)


def test_a_wrong_link_gives_a_norwegian_not_found_page(client, page):
    response = client.get(page.url + "fortsett/feil-nokkel/")
    assert response.status_code == 404
    assert "Lenken virker ikke" in visible_text(response.content.decode())


def test_after_the_deadline_the_link_says_the_window_closed(client, page, keys, committed, clock):
    save_on_step_two(client, page, keys, committed)
    link = resume_link(mail.outbox[-1])
    clock(oslo(2027, 1, 1, 12, 0))
    response = Client().get("/" + link.split("://", 1)[1].split("/", 1)[1])
    text = visible_text(response.content.decode())
    assert "Søknadsfristen har gått ut" in text
    assert COOKIE_NAME not in response.cookies
    assert ApplicationDraft.objects.get().closed_at is not None


def test_drafts_are_never_shown_in_the_admin(client, page, keys, committed, django_user_model):
    from wagtail.search.index import Indexed
    from wagtail.snippets.models import get_snippet_models

    save_on_step_two(client, page, keys, committed)
    assert ApplicationDraft not in get_snippet_models()
    assert not issubclass(ApplicationDraft, Indexed)
    admin = django_user_model.objects.create_superuser("sjef", password="x")
    client.force_login(admin)
    found = client.get("/admin/search/", {"q": "kari@bergen.kommune.no"})
    assert "kari@bergen.kommune.no" not in visible_text(found.content.decode()).replace(
        "Søk etter kari@bergen.kommune.no", ""
    )
