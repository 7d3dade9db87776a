"""What is announced, and the batches that announce it.

- A news article: when a NewsArticlePage is published, to the subscribers of «nye nyheter»
  in the article's language. Once per article and language: a second publish (a correction)
  sends nothing. An article dated more than OLD_ARTICLE_DAYS back (an archive brought in)
  is not announced.
- A new call: when a ProgramPage is published with an application window that has not
  closed (open now, or opening later), to the subscribers of «nye utlysninger» in the
  page's language. Once per program, opening date (in Oslo) and language: moving the
  deadline or republishing sends nothing; a window opening on another date is a new call.

Pages behind a view restriction are never announced. Publishing only records a Dispatch
and hands it to the task worker once the publish has committed; each task run hands up to
batch_size() subscribers a Delivery (unique per dispatch and subscriber), sends them through
website/outgoing_mail.py and queues the next run while subscribers remain.
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from django_tasks import task

from program.application_window import WindowState
from program.models import ProgramPage
from website import outgoing_mail
from website.dates import OSLO

from .mail import DELIVERY
from .models import Delivery, Dispatch, Subscription, Topic

logger = logging.getLogger(__name__)

OLD_ARTICLE_DAYS = 7


def batch_size():
    return getattr(settings, "NEWSLETTER_BATCH_SIZE", 50)


def news_article_model():
    """news.NewsArticlePage, or None while the news app has no articles."""
    try:
        return apps.get_model("news", "NewsArticlePage")
    except LookupError:
        return None


def on_page_published(sender, instance, **kwargs):
    # Publishing stands whatever goes wrong here: the announcement is what is lost (logged).
    try:
        with transaction.atomic():
            announce(instance.specific)
    except Exception:
        logger.exception("Nyhetsvarsel for side %s ble ikke lagt i kø", instance.pk)


def announce(page):
    article_model = news_article_model()
    if page.get_view_restrictions().exists():
        return
    if article_model is not None and isinstance(page, article_model):
        announce_article(page)
    elif isinstance(page, ProgramPage):
        announce_call(page)


def announce_article(page):
    date = getattr(page, "date", None)
    if date and date < timezone.localdate(timezone.now(), OSLO) - timedelta(OLD_ARTICLE_DAYS):
        return None
    return _announce(
        Topic.NEWS, f"news:{page.translation_key}", page, getattr(page, "lead", "") or ""
    )


def announce_call(page):
    page.use_source_facts()  # a translation announces the Norwegian page's window
    window = page.application_window
    if window is None or window.state() is WindowState.CLOSED:
        return None
    opens = timezone.localtime(window.opens, OSLO).date()
    return _announce(Topic.CALLS, f"call:{page.translation_key}:{opens.isoformat()}", page, "")


def _announce(topic, key, page, summary):
    dispatch, created = Dispatch.objects.get_or_create(
        key=key,
        language=page.locale.language_code,
        defaults={
            "topic": topic,
            "page": page,
            "title": page.title,
            "summary": summary,
            "url": page.get_full_url(),
        },
    )
    if created:
        transaction.on_commit(lambda: _enqueue(dispatch.pk))
    return dispatch


def _enqueue(dispatch_pk):
    try:
        send_dispatch.enqueue(dispatch_pk)
    except Exception:
        # The publish stands; `manage.py send_newsletters` (cron) sends what is left.
        logger.exception("Kunne ikke legge nyhetsvarsel %s i køen", dispatch_pk)


@task()
def send_dispatch(dispatch_pk):
    """Send the next batch of the dispatch; queue the following batch if there may be one."""
    deliveries, more = next_batch(dispatch_pk)
    sent = failed = 0
    for pk in deliveries:
        try:
            sent += outgoing_mail.send(DELIVERY, pk)
        except outgoing_mail.MailNotSent:
            failed += 1  # stays pending for send_queued_mail
    if more:
        _enqueue(dispatch_pk)
    return {"sent": sent, "failed": failed, "more": more}


def recipients(dispatch):
    """Subscribers who had confirmed when it was published, of its topic and language."""
    return Subscription.objects.confirmed().filter(
        **{dispatch.topic: True},
        language=dispatch.language,
        confirmed_at__lte=dispatch.created_at,
    )


def next_batch(dispatch_pk):
    """Hand the next subscribers a Delivery each: (their pks, whether more may follow)."""
    with transaction.atomic():
        dispatch = (
            Dispatch.objects.select_for_update()
            .filter(pk=dispatch_pk, finished_at__isnull=True)
            .first()
        )
        if dispatch is None:
            return [], False
        subscribers = list(
            recipients(dispatch)
            .filter(pk__gt=dispatch.last_subscription_id)
            .order_by("pk")
            .values_list("pk", flat=True)[: batch_size()]
        )
        Delivery.objects.bulk_create(
            [Delivery(dispatch=dispatch, subscription_id=pk) for pk in subscribers],
            ignore_conflicts=True,
        )
        more = len(subscribers) == batch_size()
        if subscribers:
            dispatch.last_subscription_id = subscribers[-1]
        if not more:
            dispatch.finished_at = timezone.now()
        dispatch.save(update_fields=["last_subscription_id", "finished_at"])
        pks = Delivery.objects.filter(
            dispatch=dispatch, subscription_id__in=subscribers, sent_at__isnull=True
        ).values_list("pk", flat=True)
        return list(pks), more


def send_unfinished():
    """Finish every dispatch whose batches stopped (a worker that was down): cron's retry."""
    runs = 0
    for pk in Dispatch.objects.filter(finished_at__isnull=True).values_list("pk", flat=True):
        more = True
        while more:
            deliveries, more = next_batch(pk)
            for delivery in deliveries:
                try:
                    outgoing_mail.send(DELIVERY, delivery)
                except outgoing_mail.MailNotSent:
                    pass
            runs += 1
    return runs
