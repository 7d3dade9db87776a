"""Facts a translation takes from its Norwegian page at the moment it is shown.

wagtail-localize copies synchronised fields (dates, times, types) into a translation only
when a translator syncs and the translation is published again. Until then an English page
would show and enforce the old dates. So a translated page reads its facts from the live
page in the default locale whenever it is shown or a form is checked: a moderator's publish
of the Norwegian page changes every language at once. Text stays the translator's.

Child rows (gatherings, milestones, form fields) come from the Norwegian page: which rows
exist, their order and their facts. Each takes its text from the translated row with the
same translation key; a row the translator has not seen yet keeps the Norwegian text.
"""

import copy

from wagtail.models import Locale

from website.page_cache import for_generation


def default_locale_id():
    """Read from the cache of the content generation: no query on every page."""
    return for_generation("default-locale-id", lambda: Locale.get_default().pk)


def live_source(page, queryset):
    """The live default-locale counterpart of `page` from `queryset`, or `page` itself.

    `page` itself when it is in the default locale, or when its counterpart is not live
    (nothing published to follow yet).
    """
    default = default_locale_id()
    if page.translation_key is None or page.locale_id == default:
        return page
    source = queryset.filter(translation_key=page.translation_key, locale_id=default).live().first()
    return source or page


def live_sources(pages, queryset):
    """{page pk: source} for many pages of one type in one query (listings)."""
    default = default_locale_id()
    keys = {p.translation_key for p in pages if p.locale_id != default}
    if not keys:
        return {p.pk: p for p in pages}
    found = {
        s.translation_key: s
        for s in queryset.filter(translation_key__in=keys, locale_id=default).live()
    }
    return {p.pk: p if p.locale_id == default else found.get(p.translation_key, p) for p in pages}


def copy_facts(target, source, field_names):
    """Put the source's facts on `target` in memory (never saved)."""
    for name in field_names:
        setattr(target, name, getattr(source, name))


def own_and_source_rows(page, source, relation):
    """(the page's rows, the source's rows) of a child relation, in one query when neither
    is loaded yet. A preview's rows live in memory and are taken as they are."""
    manager = getattr(page, relation)
    loaded = {
        *getattr(page, "_cluster_related_objects", {}),
        *getattr(page, "_prefetched_objects_cache", {}),
    }
    if relation in loaded:
        return list(manager.all()), list(getattr(source, relation).all())
    rows = list(manager.model.objects.filter(page_id__in=[page.pk, source.pk]))
    return (
        [row for row in rows if row.page_id == page.pk],
        [row for row in rows if row.page_id == source.pk],
    )


def translated_rows(page, source, relation, text_fields, keep=None):
    """The rows of `relation` a translated page shows: see rows_with_translated_text()."""
    own, source_rows = own_and_source_rows(page, source, relation)
    return rows_with_translated_text(source_rows, own, text_fields, keep)


def rows_with_translated_text(source_rows, own_rows, text_fields, keep=None):
    """The source's rows, each a copy carrying the text of the own row sharing its key.

    `keep(source_row, own_row)` may say a translated row's text does not fit (for example
    a different number of choices); the source row's text is kept then.
    """
    own = {row.translation_key: row for row in own_rows}
    merged = []
    for source_row in source_rows:
        row = copy.copy(source_row)
        translated = own.get(source_row.translation_key)
        if translated is not None and (keep is None or keep(source_row, translated)):
            for name in text_fields:
                setattr(row, name, getattr(translated, name))
        merged.append(row)
    return merged
