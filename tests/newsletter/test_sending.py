"""Announcements: once per article and language, in batches, to the topic's subscribers in
the page's language, one address a mail; new calls defined by their window."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from wagtail.models import PageViewRestriction

import pytest

from newsletter.models import Delivery, Dispatch, Subscription
from newsletter.sending import send_dispatch
from tests.conftest import oslo
from tests.factories import ProgramIndexPageFactory, ProgramPageFactory
from tests.published_translation import translate_and_publish


def confirmed(email, language="nb", news=True, calls=False):
    return Subscription.objects.create(
        email=email,
        language=language,
        news=news,
        calls=calls,
        consent_version="v",
        consent_text="t",
        confirmed_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )


def test_an_article_goes_once_whatever_is_published_again(subscribed, publish_article, committed):
    subscribed("kari@eksempel.no")
    article = publish_article()
    assert len(mail.outbox) == 1
    with committed():
        article.title = "Ny rammeplan (rettet)"
        article.save_revision().publish()
        article.save_revision().publish()
    assert len(mail.outbox) == 1
    assert Dispatch.objects.count() == 1
    # Even a run of the task for the finished dispatch sends nothing.
    send_dispatch.call(Dispatch.objects.get().pk)
    assert len(mail.outbox) == 1


@override_settings(NEWSLETTER_BATCH_SIZE=2)
def test_batches_reach_every_subscriber_once(publish_article, monkeypatch):
    for n in range(5):
        confirmed(f"leser{n}@eksempel.no")
    queued, runs = [], []
    monkeypatch.setattr("newsletter.sending._enqueue", queued.append)
    publish_article()
    # The worker: each queued run of the task, one after the other.
    while queued:
        runs.append(send_dispatch.call(queued.pop(0)))
    assert [run["sent"] for run in runs] == [2, 2, 1]
    assert sorted(m.to[0] for m in mail.outbox) == [f"leser{n}@eksempel.no" for n in range(5)]
    # One address a mail: no one sees another subscriber.
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    assert all("leser" not in m.body for m in mail.outbox)
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 5
    assert Dispatch.objects.get().finished_at is not None


def test_only_the_topics_subscribers_and_only_confirmed_ones(publish_article):
    confirmed("nyheter@eksempel.no", news=True)
    confirmed("utlysninger@eksempel.no", news=False, calls=True)
    Subscription.objects.create(
        email="ubekreftet@eksempel.no", language="nb", news=True, consent_version="v"
    )
    publish_article()
    assert [m.to for m in mail.outbox] == [["nyheter@eksempel.no"]]


def test_each_language_gets_its_own_article_once(home_page, news_index, publish_article, committed):
    confirmed("norsk@eksempel.no", language="nb")
    confirmed("english@example.com", language="en")
    article = publish_article("Ny rammeplan")
    assert [m.to for m in mail.outbox] == [["norsk@eksempel.no"]]
    mail.outbox.clear()
    translate_and_publish(home_page)
    translate_and_publish(news_index)
    with committed():
        english = translate_and_publish(article, {"Ny rammeplan": "New framework plan"})
    (message,) = mail.outbox
    assert message.to == ["english@example.com"]
    assert english.get_full_url() in message.body
    assert "/en/nyhetsvarsel/avmeld/" in message.extra_headers["List-Unsubscribe"]
    assert sorted(Dispatch.objects.values_list("language", flat=True)) == ["en", "nb"]


def test_a_restricted_article_is_not_announced(publish_article, news_index, clock):
    confirmed("kari@eksempel.no")
    clock(oslo(2026, 12, 2, 12, 0))
    restricted = news_index.add_child(
        instance=news_index.__class__(title="Internt", slug="internt")
    )
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    restricted.save_revision().publish()
    publish_article("Internt notat", index=restricted)
    assert mail.outbox == []


def test_an_article_dated_long_ago_is_not_announced(news_index, committed, clock):
    from news.models import NewsArticlePage

    confirmed("kari@eksempel.no")
    clock(oslo(2026, 12, 2, 12, 0))
    archived = NewsArticlePage(
        title="Fra arkivet", slug="arkiv", lead="Gammelt.", date=datetime.date(2026, 11, 24)
    )
    recent = NewsArticlePage(
        title="Fersk", slug="fersk", lead="Nytt.", date=datetime.date(2026, 11, 25)
    )
    for article in (archived, recent):
        news_index.add_child(instance=article)
        with committed():
            article.save_revision().publish()
    assert [m.subject for m in mail.outbox] == ["Nyhet: Fersk"]


@pytest.fixture
def programs(home_page):
    return ProgramIndexPageFactory(parent=home_page)


def publish(page, committed):
    with committed():
        page.save_revision().publish()


def test_a_new_call_is_announced_once_per_opening(programs, committed, clock):
    confirmed("kari@eksempel.no", news=False, calls=True)
    confirmed("bare-nyheter@eksempel.no", news=True, calls=False)
    clock(oslo(2026, 3, 1, 12, 0))  # the window opens on 19 March: an upcoming call
    program = ProgramPageFactory(parent=programs, title="Veiledning")
    publish(program, committed)
    (message,) = mail.outbox
    assert message.to == ["kari@eksempel.no"]
    assert message.subject == "Ny utlysning: Veiledning"
    assert program.get_full_url() in message.body
    # A later deadline, a republish: the same call.
    program.application_closes += datetime.timedelta(days=7)
    publish(program, committed)
    clock(oslo(2026, 3, 20, 12, 0))  # now open
    publish(program, committed)
    assert len(mail.outbox) == 1
    # Next year's window is a new call.
    clock(oslo(2027, 3, 1, 12, 0))
    program.application_opens = oslo(2027, 3, 18, 12, 0)
    program.application_closes = oslo(2027, 4, 12, 23, 59)
    publish(program, committed)
    assert [m.subject for m in mail.outbox] == ["Ny utlysning: Veiledning"] * 2


def test_no_call_without_a_window_or_after_it_closed(programs, committed, clock):
    confirmed("kari@eksempel.no", news=False, calls=True)
    clock(oslo(2026, 5, 1, 12, 0))  # after the deadline of 13 April
    publish(ProgramPageFactory(parent=programs), committed)
    publish(
        ProgramPageFactory(parent=programs, application_opens=None, application_closes=None),
        committed,
    )
    assert mail.outbox == []
    assert not Dispatch.objects.exists()


def test_a_mail_server_failure_is_sent_by_the_retry(publish_article, smtp_down):
    confirmed("kari@eksempel.no")
    publish_article()
    delivery = Delivery.objects.get()
    assert delivery.sent_at is None and "Refused" in delivery.error
    smtp_down()  # back up
    call_command("send_queued_mail", stdout=io.StringIO())
    assert [m.subject for m in mail.outbox] == ["Nyhet: Ny rammeplan"]
    call_command("send_queued_mail", stdout=io.StringIO())
    call_command("send_newsletters", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_send_newsletters_finishes_a_dispatch_whose_worker_stopped(publish_article, monkeypatch):
    confirmed("kari@eksempel.no")
    monkeypatch.setattr("newsletter.sending._enqueue", lambda pk: None)
    publish_article()
    assert mail.outbox == []
    call_command("send_newsletters", stdout=io.StringIO())
    call_command("send_newsletters", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["kari@eksempel.no"]]


def test_publishing_stands_when_the_announcement_fails(publish_article, monkeypatch, caplog):
    confirmed("kari@eksempel.no")

    def broken(*args, **kwargs):
        raise RuntimeError("databasefeil")

    monkeypatch.setattr("newsletter.sending.Dispatch.objects.get_or_create", broken)
    article = publish_article()
    article.refresh_from_db()
    assert article.live
    assert "Nyhetsvarsel for side" in caplog.text
    assert mail.outbox == []
