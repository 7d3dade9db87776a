import re

from django.core import mail
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale

import pytest

from news.models import NewsArticlePage, NewsIndexPage
from newsletter.forms import TOKEN_FIELD, new_form_token
from newsletter.models import Subscription


@pytest.fixture(autouse=True)
def post_at_once(settings):
    # Tests post the form at once; the minimum time has a test of its own.
    settings.NEWSLETTER_MIN_SECONDS = 0


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (queued mail, tasks) as the real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def news_index(home_page):
    index = NewsIndexPage(title="Nyheter", slug="nyheter")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def publish_article(news_index, committed):
    def publish(title="Ny rammeplan", lead="Rammeplanen er klar.", index=None):
        article = NewsArticlePage(title=title, lead=lead, slug=re.sub(r"\W+", "-", title.lower()))
        (index or news_index).add_child(instance=article)
        with committed():
            article.save_revision().publish()
        return article

    return publish


def subscribe_data(email="Kari@Eksempel.no", topics=("news",), consent=True, **extra):
    data = {"email": email, "topics": list(topics), TOKEN_FIELD: new_form_token(), **extra}
    if consent:
        data["consent"] = "on"
    return data


def link_in(message, name):
    """The absolute link to the named view in the mail's body, as a path."""
    pattern = re.compile(r"http://[^/\s]+(/\S*/" + re.escape(name) + r"/\S+/)")
    return pattern.search(message.body).group(1)


@pytest.fixture
def subscribed(client, committed, home_page):
    """Subscribe and confirm through the pages, as a visitor does: the Subscription."""

    def subscribe(email="kari@eksempel.no", topics=("news",), language="nb"):
        prefix = "" if language == "nb" else f"/{language}"
        with translation.override(language):
            url = reverse("newsletter_subscribe")
        assert url.startswith(prefix + "/")
        with committed():
            response = client.post(url, subscribe_data(email, topics))
        assert response.status_code == 302, response.content.decode()[:2000]
        confirmation = mail.outbox[-1]
        client.post(link_in(confirmation, "bekreft"))
        mail.outbox.clear()
        return Subscription.objects.confirmed().get(email=email.lower())

    return subscribe


@pytest.fixture
def english(home_page):
    return Locale.objects.get_or_create(language_code="en")[0]
