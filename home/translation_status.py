"""Which pages lack a translation, or have one that is behind the Norwegian page."""

from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import TranslationSource

MISSING = _("Mangler oversettelse")
OUT_OF_DATE = _("Utdatert – synkroniser")
UP_TO_DATE = _("Oppdatert")
NOT_SYNCED = _("Oversatt uten synkronisering")


def translation_status(page, translation, source_updated_at):
    """Status of one page's translation in one locale.

    A translation is out of date when the source page was published after wagtail-localize
    last read it (the «Synkroniser oversatte sider» action reads it again).
    """
    if translation is None:
        return MISSING
    if source_updated_at is None:
        return NOT_SYNCED
    if page.last_published_at and page.last_published_at > source_updated_at:
        return OUT_OF_DATE
    return UP_TO_DATE


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
        columns = [
            TitleColumn(
                "title", label=_("Side"), url_name="wagtailadmin_pages:edit",
            )
        ]
        for locale in self.target_locales:
            columns.append(
                Column(
                    f"status_{locale.language_code}",
                    label=locale.get_display_name(),
                    accessor=lambda page, code=locale.language_code: page.translation_status[code],
                )
            )
        return columns

    def decorate_paginated_queryset(self, pages):
        pages = list(pages)
        keys = [page.translation_key for page in pages]
        translations = {
            (p.translation_key, p.locale_id): p
            for p in Page.objects.filter(translation_key__in=keys).exclude(
                locale=self.source_locale
            )
        }
        sources = dict(
            TranslationSource.objects.filter(
                object_id__in=keys, locale=self.source_locale
            ).values_list("object_id", "last_updated_at")
        )
        for page in pages:
            page.translation_status = {
                locale.language_code: translation_status(
                    page,
                    translations.get((page.translation_key, locale.pk)),
                    sources.get(page.translation_key),
                )
                for locale in self.target_locales
            }
        return pages
