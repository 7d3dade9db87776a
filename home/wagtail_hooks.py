from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .page_cache import mark_page_cacheable
from .rich_text import MemoisedPageLinkHandler
from .translation_status import TranslationStatusReport

hooks.register("before_serve_page", mark_page_cacheable)


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
    ]


@hooks.register("register_reports_menu_item")
def register_translation_status_report_menu_item():
    return MenuItem(
        _("Oversettelser"),
        reverse("translation_status_report"),
        icon_name="globe",
        order=50,
    )


# After Wagtail's own registration (order 0), so this handler replaces its page links.
@hooks.register("register_rich_text_features", order=10)
def register_memoised_page_links(features):
    features.register_link_type(MemoisedPageLinkHandler)
