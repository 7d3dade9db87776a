"""Staff see each other by full name, never by user name.

Django's User prints as its user name, and Wagtail shows `str(user)` in a few places of
its own: the workflow report's «Etterspurt av» filter and export, the aging pages report's
«Sist publisert av», form choices. Its history, workflow and lock views already use
`get_user_display_name` (the full name, the user name when no name is set); this makes
every `str(user)` say the same, once for the whole admin. The user name stays what people
sign in with and what `manage.py` commands take.
"""

from django.contrib.auth import get_user_model

from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.reports.aging_pages import AgingPagesView


def show_staff_by_full_name():
    get_user_model().__str__ = get_user_display_name


class AgingPagesByFullNameView(AgingPagesView):
    """Wagtail's aging pages report, whose «last published by» column asks for the user
    name outright; mounted ahead of Wagtail's own at the same address (website/urls.py)."""

    def decorate_paginated_queryset(self, queryset):
        names = {
            user.pk: get_user_display_name(user)
            for user in self.user_model.objects.filter(
                pk__in={page.last_published_by for page in queryset if page.last_published_by}
            )
        }
        for page in queryset:
            self.add_last_publisher_name_to_page(names, page)
        return queryset


def aging_pages_urls():
    from django.urls import path
    from django.views.decorators.cache import never_cache

    from wagtail.admin.auth import require_admin_access

    def mounted(**kwargs):
        return never_cache(require_admin_access(AgingPagesByFullNameView.as_view(**kwargs)))

    return [
        path("admin/reports/aging-pages/", mounted()),
        path("admin/reports/aging-pages/results/", mounted(results_only=True)),
    ]
