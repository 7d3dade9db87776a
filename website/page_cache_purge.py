"""Any content change empties the page cache (website/page_cache.py) and the CDN in front.

Every cached page carries the cache's generation; a publish, unpublish, move or delete, a
change to a page's privacy, site settings, images, documents, sites or locales starts a
new one.
"""

from django.conf import settings
from django.db import transaction

from .page_cache import new_generation


def purge():
    """Forget every cached page (here and, after the commit, in the CDN)."""
    new_generation()
    # Again after the commit: a page rendered meanwhile from the old rows may have been
    # stored under the generation just started.
    transaction.on_commit(new_generation)
    if settings.WAGTAILFRONTENDCACHE:
        transaction.on_commit(purge_frontend_cache)


def purge_frontend_cache():
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    batch = PurgeBatch()
    # defer=True only saves queries: the URLs are the same (not mutation tested).
    pages = Page.objects.live().filter(depth__gt=1).specific(defer=True)  # pragma: no mutate
    batch.add_pages(pages)
    batch.purge()


def purge_on_change(sender, created=False, **kwargs):
    from wagtail.contrib.settings.models import BaseSiteSetting

    if created and issubclass(sender, BaseSiteSetting):
        return  # the empty settings row made on a site's first visit changes nothing
    purge()


def content_models():
    """Every model whose rows can change what a public page shows."""
    from django.apps import apps

    from modelcluster.fields import ParentalKey
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import Locale, Page, PageViewRestriction, Site

    def is_page_inline(model):
        # Gatherings, milestones, form fields: rows edited inside a page.
        return any(
            isinstance(field, ParentalKey) and issubclass(field.related_model, Page)
            for field in model._meta.get_fields()
        )

    # A page made private (Wagtail's «Personvern» dialog) must leave the cache at once: a
    # hit is answered before Wagtail checks any restriction.
    bases = (
        Page,
        PageViewRestriction,
        BaseSiteSetting,
        AbstractImage,
        AbstractDocument,
        Site,
        Locale,
    )
    return [
        model for model in apps.get_models() if issubclass(model, bases) or is_page_inline(model)
    ]


def connect_purge_signals():
    from django.db.models.signals import post_delete, post_save

    from wagtail.signals import page_published, page_unpublished, post_page_move

    # weak=False: the receiver is a module function, but be explicit that it must live. (So
    # mutation testing leaves `weak` alone: a module function lives as long as its module.)
    for model in content_models():
        post_save.connect(purge_on_change, sender=model, weak=False)  # pragma: no mutate
        post_delete.connect(purge_on_change, sender=model, weak=False)  # pragma: no mutate
    # Publishing saves the page too; moving rewrites paths with a bulk update (no save).
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge_on_change, weak=False)  # pragma: no mutate
