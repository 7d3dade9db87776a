"""How far a wagtail-localize translation has come: its text segments, translated or not.

A translation with untranslated segments shows the Norwegian source text in their place
(wagtail-localize falls back to it), so such a translation must not go live. The counts
here are the ones wagtail-localize's editor shows (a segment with an error counts as not
translated).
"""

from django.db.models import Count, Exists, OuterRef, Q

from wagtail_localize.models import StringSegment, StringTranslation, Translation


def segment_progress(source_ids, locale_ids):
    """{(source id, locale id): (untranslated, total)} for every pair, in one query."""
    source_ids, locale_ids = list(source_ids), list(locale_ids)
    if not source_ids or not locale_ids:
        return {}
    translated = {
        f"translated_{locale_id}": Count(
            "pk",
            filter=Q(
                Exists(
                    StringTranslation.objects.filter(
                        translation_of_id=OuterRef("string_id"),
                        context_id=OuterRef("context_id"),
                        locale_id=locale_id,
                        has_error=False,
                    )
                )
            ),
        )
        for locale_id in locale_ids
    }
    rows = (
        StringSegment.objects.filter(source_id__in=source_ids)
        .values("source_id")
        .order_by()
        .annotate(total=Count("pk"), **translated)
    )
    progress = {
        (source_id, locale_id): (0, 0) for source_id in source_ids for locale_id in locale_ids
    }
    for row in rows:
        for locale_id in locale_ids:
            done = row[f"translated_{locale_id}"]
            progress[row["source_id"], locale_id] = (row["total"] - done, row["total"])
    return progress


def untranslated_segments(translation):
    """(untranslated, total) text segments of one translation."""
    return segment_progress([translation.source_id], [translation.target_locale_id])[
        translation.source_id, translation.target_locale_id
    ]


def translation_of_page(page):
    """The enabled wagtail-localize translation that writes this page, or None (a source
    page, or a translation an editor has taken over by stopping the synced translation)."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale")
        .first()
    )
