"""«Oversettelser»: where each page stands in each language, and the action that moves it on.

Per page and locale, in this order (the first that applies):
- missing: no translation (or only an alias of the Norwegian page) → translate it;
- not synced: translated outside wagtail-localize, or its synced translation stopped →
  open the page;
- out of date: the Norwegian page was published after wagtail-localize last read it →
  «Synkroniser oversatte sider»;
- untranslated segments n of m: the translation would show Norwegian text → open the
  translation editor;
- not published: fully translated, but the translated text is not live yet (a draft, or
  waiting for moderation) → open the translation editor;
- up to date.

The cost is a constant number of queries per page of results, whatever its length.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import Translation, TranslationSource

from .translation_progress import segment_progress

MISSING = _("Mangler oversettelse")
NOT_SYNCED = _("Oversatt uten synkronisering")
OUT_OF_DATE = _("Utdatert – synkroniser")
UNTRANSLATED = _("Uoversatte tekstbiter: %(untranslated)s av %(total)s")
NOT_PUBLISHED = _("Oversatt – ikke publisert")
UP_TO_DATE = _("Oppdatert")


@dataclass
class TranslationStatus:
    label: str
    action: str = ""
    url: str = ""

    def __str__(self):
        return str(self.label)


def translation_status(page, target, source, translation, progress):
    """The status of one page in one locale.

    target: the translated page (None if missing); source: (pk, last_updated_at) of
    wagtail-localize's record of the Norwegian page, or None; translation: whether a synced
    translation into this locale is enabled; progress: (untranslated, total) segments.
    """
    if target is None or target.alias_of_id:
        return TranslationStatus(
            MISSING,
            _("Oversett"),
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        )
    edit_url = reverse("wagtailadmin_pages:edit", args=[target.pk])
    if source is None or not translation:
        return TranslationStatus(NOT_SYNCED, _("Åpne siden"), edit_url)
    source_id, source_updated_at = source
    if page.last_published_at and page.last_published_at > source_updated_at:
        return TranslationStatus(
            OUT_OF_DATE,
            _("Synkroniser"),
            reverse("wagtail_localize:update_translations", args=[source_id]),
        )
    untranslated, total = progress
    if untranslated:
        return TranslationStatus(
            UNTRANSLATED % {"untranslated": untranslated, "total": total},
            _("Oversett i redigeringsverktøyet"),
            edit_url,
        )
    if not target.live or target.has_unpublished_changes:
        return TranslationStatus(NOT_PUBLISHED, _("Åpne oversettelsen"), edit_url)
    return TranslationStatus(UP_TO_DATE, _("Åpne oversettelsen"), edit_url)


class StatusColumn(Column):
    cell_template_name = "home/admin/translation_status_cell.html"


class TranslationStatusReport(ReportView):
    page_title = _("Oversettelser")
    header_icon = "globe"
    index_url_name = "translation_status_report"
    index_results_url_name = "translation_status_report_results"
    paginate_by = 100

    def dispatch(self, request, *args, **kwargs):
        # For those who work on pages; application reviewers have no business here.
        if not PagePermissionPolicy().user_has_any_permission(
            request.user, {"add", "change", "publish"}
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def source_locale(self):
        return Locale.get_default()

    @cached_property
    def target_locales(self):
        return list(Locale.objects.exclude(pk=self.source_locale.pk))

    def get_queryset(self):
        return Page.objects.filter(locale=self.source_locale, depth__gt=1).order_by("path")

    @cached_property
    def columns(self):
        columns = [TitleColumn("title", label=_("Side"), url_name="wagtailadmin_pages:edit")]
        for locale in self.target_locales:
            columns.append(
                StatusColumn(
                    f"status_{locale.language_code}",
                    label=locale.get_display_name(),
                    accessor=lambda page, code=locale.language_code: page.translation_status[code],
                )
            )
        return columns

    def decorate_paginated_queryset(self, pages):
        pages = list(pages)
        keys = [page.translation_key for page in pages]
        locale_ids = [locale.pk for locale in self.target_locales]
        targets = {
            (target.translation_key, target.locale_id): target
            for target in Page.objects.filter(
                translation_key__in=keys, locale_id__in=locale_ids
            ).only("translation_key", "locale_id", "alias_of_id", "live", "has_unpublished_changes")
        }
        sources = {
            object_id: (pk, updated_at)
            for pk, object_id, updated_at in TranslationSource.objects.filter(
                object_id__in=keys, locale=self.source_locale
            ).values_list("pk", "object_id", "last_updated_at")
        }
        enabled = set(
            Translation.objects.filter(
                source_id__in=[pk for pk, _updated in sources.values()], enabled=True
            ).values_list("source_id", "target_locale_id")
        )
        progress = segment_progress([pk for pk, _updated in sources.values()], locale_ids)
        for page in pages:
            source = sources.get(page.translation_key)
            page.translation_status = {
                locale.language_code: translation_status(
                    page,
                    targets.get((page.translation_key, locale.pk)),
                    source,
                    source is not None and (source[0], locale.pk) in enabled,
                    progress.get((source[0], locale.pk), (0, 0)) if source else (0, 0),
                )
                for locale in self.target_locales
            }
        return pages
