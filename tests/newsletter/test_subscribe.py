"""The subscribe page: errors in Norwegian by their field with the input kept, no 500 on bad
input, CSRF, the spam guards, and no answer that tells whether an address is subscribed."""

import datetime
from unittest import mock

from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from wagtail.models import Site

import pytest

from home.models import ContentPage, SiteSettings
from newsletter.forms import HONEYPOT_FIELD, TOKEN_FIELD
from newsletter.models import Subscription
from newsletter.tokens import confirm_token

from .conftest import link_in, subscribe_data


def test_the_page_in_both_languages(client, home_page):
    page = client.get("/nyhetsvarsel/").content.decode()
    assert '<fieldset class="ds-fieldset"' in page
    assert "<legend" in page and "Nye nyheter" in page and "Nye utlysninger" in page
    assert "samtykker" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert client.get("/en/nyhetsvarsel/").status_code == 200


def test_search_engines_find_the_page_and_its_description(client, home_page):
    response = client.get("/nyhetsvarsel/")
    page = response.content.decode()
    assert 'name="robots"' not in page and "X-Robots-Tag" not in response.headers
    assert '<meta name="description" content="Få en e-post når vi publiserer en nyhet' in page


def test_the_consent_links_to_the_privacy_statement(client, home_page):
    privacy = ContentPage(title="Personvernerklæring", slug="personvern")
    home_page.add_child(instance=privacy)
    privacy.save_revision().publish()
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.privacy_page = privacy
    settings.save()
    assert 'href="/personvern/"' in client.get("/nyhetsvarsel/").content.decode()


def test_errors_by_their_fields_in_norwegian_and_the_input_kept(client, home_page):
    response = client.post(
        "/nyhetsvarsel/", subscribe_data("ikke-en-adresse", topics=(), consent=False)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv en gyldig e-postadresse" in page
    assert "Velg minst én ting du vil ha varsel om." in page
    assert "Du må samtykke for å melde deg på." in page
    assert 'value="ikke-en-adresse"' in page
    assert 'aria-invalid="true"' in page
    assert 'class="ds-error-summary"' in page
    assert not Subscription.objects.exists()

    # The chosen topic stays checked when another field is wrong.
    page = client.post("/nyhetsvarsel/", subscribe_data("", topics=("calls",))).content.decode()
    assert "Skriv e-postadressen din." in page
    assert 'value="calls" id="id_topics_1" checked' in page


@pytest.mark.parametrize(
    "data",
    [
        {"email": ["a@b.no", "c@d.no"], "topics": ["news"], "consent": "on"},
        {"email": "a@b.no\r\nBcc: x@y.no", "topics": ["news"], "consent": "on"},
        {"email": "a" * 5000 + "@b.no", "topics": ["news"], "consent": "on"},
        {"email": "kari\x00@b.no", "topics": ["news"], "consent": "on"},
        {"email": "kari@b.no", "topics": ["spam", "news"], "consent": "on"},
        {"email": "kari@b.no", "topics": "news", "consent": "on", TOKEN_FIELD: "forged"},
        {},
    ],
)
def test_bad_input_never_500s(client, home_page, data):
    response = client.post("/nyhetsvarsel/", data)
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_the_form_needs_its_csrf_token(home_page):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/nyhetsvarsel/", subscribe_data()).status_code == 403
    assert not Subscription.objects.exists()


def test_spam_guards(client, home_page, settings):
    response = client.post("/nyhetsvarsel/", subscribe_data(**{HONEYPOT_FIELD: "http://x"}))
    assert response.status_code == 400
    assert "skjult felt" in response.content.decode()
    response = client.post("/nyhetsvarsel/", subscribe_data(**{TOKEN_FIELD: ""}))
    assert "Skjemaet var for gammelt" in response.content.decode()
    settings.NEWSLETTER_MIN_SECONDS = 60
    response = client.post("/nyhetsvarsel/", subscribe_data())
    assert "svært kort tid" in response.content.decode()
    assert 'value="kari@eksempel.no"' in response.content.decode().lower()
    assert not Subscription.objects.exists()


@override_settings(NEWSLETTER_RATE_LIMIT=(2, 600))
def test_a_network_is_limited(client, home_page):
    for n in range(2):
        assert client.post("/nyhetsvarsel/", subscribe_data(f"a{n}@b.no")).status_code == 302
    response = client.post("/nyhetsvarsel/", subscribe_data("a9@b.no"))
    assert response.status_code == 400
    assert "mange påmeldinger" in response.content.decode()


def test_subscribing_again_reveals_nothing_and_the_new_choice_needs_confirming(
    client, subscribed, committed
):
    first = subscribed("kari@eksempel.no", topics=("news",))
    fresh = Client()
    with committed():
        again = fresh.post("/nyhetsvarsel/", subscribe_data("KARI@eksempel.no", ("calls",)))
    with committed():
        stranger = fresh.post("/nyhetsvarsel/", subscribe_data("ny@eksempel.no", ("calls",)))
    assert again.status_code == stranger.status_code == 302
    assert again["Location"] == stranger["Location"]
    assert fresh.get(again["Location"]).content == fresh.get(stranger["Location"]).content
    # Until the owner of the address confirms, the old choice stands.
    first.refresh_from_db()
    assert (first.news, first.calls, first.confirmed_at is not None) == (True, False, True)
    confirmation = next(m for m in mail.outbox if m.to == ["kari@eksempel.no"])
    fresh.post(link_in(confirmation, "bekreft"))
    (current,) = Subscription.objects.filter(email="kari@eksempel.no")
    assert (current.news, current.calls) == (False, True)
    assert current.confirmed_at is not None


def test_an_address_gets_a_few_confirmations_a_day(client, home_page, committed):
    for _ in range(5):
        with committed():
            response = client.post("/nyhetsvarsel/", subscribe_data("kari@eksempel.no"))
        assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_the_english_page_records_english_and_links_in_english(client, home_page, committed):
    with committed():
        client.post("/en/nyhetsvarsel/", subscribe_data("kari@eksempel.no"))
    assert Subscription.objects.get().language == "en"
    assert "/en/nyhetsvarsel/bekreft/" in mail.outbox[0].body


def test_confirm_links_expire_and_cannot_be_made_up(client, home_page, clock):
    subscription = Subscription.objects.create(
        email="kari@eksempel.no", language="nb", news=True, consent_version="v"
    )
    token = confirm_token(subscription)
    assert client.get("/nyhetsvarsel/bekreft/forfalsket/").status_code == 404
    assert client.post(f"/nyhetsvarsel/bekreft/{token[:-2]}xx/").status_code == 404
    later = timezone.now() + datetime.timedelta(days=7, minutes=1)
    clock(later)
    # The subscription itself still in date: the token's age alone refuses it.
    Subscription.objects.update(requested_at=later)
    with mock.patch("time.time", return_value=later.timestamp()):
        response = client.post(f"/nyhetsvarsel/bekreft/{token}/")
    assert response.status_code == 404
    assert "Lenken virker ikke" in response.content.decode()
    # Even a token still in date does not revive an expired subscription.
    Subscription.objects.update(requested_at=later - datetime.timedelta(days=8))
    assert client.post(f"/nyhetsvarsel/bekreft/{token}/").status_code == 404
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_forged_unsubscribe_link_removes_nothing(client, subscribed):
    subscribed("kari@eksempel.no")
    assert client.post("/nyhetsvarsel/avmeld/forfalsket/").status_code == 404
    assert Subscription.objects.exists()
