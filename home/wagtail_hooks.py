from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from website.page_cache import mark_page_cacheable

from .rich_text import MemoisedPageLinkHandler
from .translation_guard import refuse_bulk_publishing_untranslated
from .translation_moderation import submit_translation_for_moderation
from .translation_status import TranslationStatusReport

hooks.register("before_serve_page", mark_page_cacheable)
hooks.register("before_bulk_action", refuse_bulk_publishing_untranslated)


@hooks.register("register_admin_urls")
def register_translation_status_report_urls():
    return [
        path(
            "reports/oversettelser/",
            TranslationStatusReport.as_view(),
            name="translation_status_report",
        ),
        path(
            "reports/oversettelser/results/",
            TranslationStatusReport.as_view(results_only=True),
            name="translation_status_report_results",
        ),
        path(
            "oversettelser/<int:translation_id>/send-til-moderering/",
            submit_translation_for_moderation,
            name="submit_translation_for_moderation",
        ),
    ]


class PageWorkMenuItem(MenuItem):
    """Shown to those who work on pages, whom the report itself lets in (TranslationStatusReport),
    not to outside assessors, who may use the admin for their assessments only."""

    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, {"add", "change", "publish"}
        )


@hooks.register("register_reports_menu_item")
def register_translation_status_report_menu_item():
    return PageWorkMenuItem(
        _("Oversettelser"),
        reverse("translation_status_report"),
        icon_name="globe",
        order=50,
    )


# After Wagtail's own registration (order 0), so this handler replaces its page links.
@hooks.register("register_rich_text_features", order=10)
def register_memoised_page_links(features):
    features.register_link_type(MemoisedPageLinkHandler)


@hooks.register("construct_reports_menu")
def hide_localize_translations_report(request, menu_items):
    """wagtail-localize's «Translations» report calls a translation with untranslated text
    «up to date»; its URL leads to «Oversettelser» (translation_guard.py)."""
    menu_items[:] = [
        item for item in menu_items if item.url != reverse("wagtail_localize:translations_report")
    ]


@hooks.register("construct_page_action_menu")
def hide_convert_to_alias_from_editors(menu_items, request, context):
    """«Convert to alias page» puts the Norwegian page live in the translation's place; the
    server refuses it to those who may not publish (translation_guard.py)."""
    page = context.get("page")
    if page is not None and not page.permissions_for_user(request.user).can_publish():
        menu_items[:] = [item for item in menu_items if item.name != "localize-convert-to-alias"]
