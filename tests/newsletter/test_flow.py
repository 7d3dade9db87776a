"""The whole way: subscribe, confirm by the mailed link, a published article mailed with the
unsubscribe headers, one click out; a GET changes nothing."""

from django.core import mail
from django.test import Client

from newsletter.models import Delivery, Dispatch, Subscription

from .conftest import link_in, subscribe_data


def test_subscribe_confirm_publish_and_unsubscribe_in_one_click(client, committed, publish_article):
    with committed():
        response = client.post("/nyhetsvarsel/", subscribe_data("Kari@Eksempel.no"))
    assert response.status_code == 302
    assert response["Location"] == "/nyhetsvarsel/sendt/"
    subscription = Subscription.objects.get()
    assert subscription.email == "kari@eksempel.no"
    assert subscription.confirmed_at is None
    assert (subscription.news, subscription.calls) == (True, False)
    assert subscription.language == "nb"
    assert subscription.consent_version and "samtykker" in subscription.consent_text

    # Double opt-in: an article now reaches nobody.
    publish_article("Før bekreftelsen")
    assert [m.subject for m in mail.outbox] == ["Bekreft nyhetsvarsel fra Kulturskolerådet"]
    confirmation = mail.outbox.pop()
    assert confirmation.to == ["kari@eksempel.no"]
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    confirm_path = link_in(confirmation, "bekreft")
    assert "kari" not in confirm_path.lower()  # no personal data in the URL
    # Opening the link (a scanner) does not confirm; the button does.
    assert client.get(confirm_path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    response = client.post(confirm_path)
    assert response.status_code == 200
    assert "Du er påmeldt" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    article = publish_article("Ny rammeplan", lead="Rammeplanen er klar.")
    (message,) = mail.outbox
    assert message.to == ["kari@eksempel.no"]
    assert message.subject == "Nyhet: Ny rammeplan"
    assert "Rammeplanen er klar." in message.body
    assert article.get_full_url() in message.body
    unsubscribe_url = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe_url.startswith("<http://") and unsubscribe_url.endswith(">")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_path = link_in(message, "avmeld")
    assert unsubscribe_path in unsubscribe_url
    assert "kari" not in unsubscribe_path.lower()

    # A GET (a link scanner, or the reader opening the link) only shows the button.
    assert client.get(unsubscribe_path).status_code == 200
    assert Subscription.objects.filter(pk=subscription.pk).exists()

    # RFC 8058: the mail program POSTs without cookies or CSRF token.
    one_click = Client(enforce_csrf_checks=True)
    response = one_click.post(
        unsubscribe_path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert not Delivery.objects.exists()
    # A second click reads the same, and nothing more is sent.
    assert one_click.post(unsubscribe_path).status_code == 200
    mail.outbox.clear()
    publish_article("Etter avmeldingen")
    assert mail.outbox == []
    assert Dispatch.objects.count() == 3
