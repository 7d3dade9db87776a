from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from forms.models import ApplicationSubmission
from forms.permissions import may_review

from . import admin_guards
from .admin_guards import form_submissions, localize_snippets_api
from .attachments_download import download_attachment
from .bulk_actions import (
    AssignBulkAction,
    ChangeStatusBulkAction,
    ExportBulkAction,
    NoDeleteBulkAction,
    SendReplyLettersBulkAction,
)
from .dashboard import ApplicationsPanel
from .form_statistics import form_statistics_view
from .outreach import outreach_view
from .policy import ApplicationPermissionPolicy
from .subject_access import subject_access_view
from .viewsets import ApplicationViewSet


@hooks.register("register_admin_urls")
def register_application_admin_urls():
    return [
        path(
            "soknader/vedlegg/<int:attachment_id>/",
            download_attachment,
            name="application_attachment",
        ),
        path("soknader/hvem-har-sokt/", outreach_view, name="application_outreach"),
        path("soknader/innsyn/", subject_access_view, name="application_subject_access"),
        path("soknader/statistikk/", form_statistics_view, name="application_form_statistics"),
    ]


@hooks.register("register_admin_urls", order=-1)
def register_guards_ahead_of_wagtail():
    """Ahead of the views they stand in for (admin URLs are matched in hook order)."""
    submissions = "forms/submissions/<int:page_id>/"
    localize_api = "localize/api/snippets/<slug:app_label>/<slug:model_name>/"
    return [
        path(submissions, form_submissions, name="form_submissions_guard"),
        path(
            f"{submissions}results/",
            form_submissions,
            {"results_only": True},
            name="form_submissions_results_guard",
        ),
        path(f"{submissions}delete/", form_submissions, name="form_submissions_delete"),
        path(localize_api, localize_snippets_api, name="localize_snippets_api_guard"),
        path(f"{localize_api}<str:pk>/", localize_snippets_api, name="localize_snippet_api_guard"),
    ]


# Application forms are not in Wagtail's «Skjemaer»: its views list, export and delete
# applications outside the review (and «Skjemaer» hides itself with nothing to show).
hooks.register("filter_form_submissions_for_user", admin_guards.without_application_forms)

# A page whose form has applications is kept (the applications protect it): a message
# instead of Wagtail's ProtectedError.
hooks.register("before_delete_page", admin_guards.refuse_deleting_page_with_applications)
hooks.register("before_bulk_action", admin_guards.refuse_bulk_deleting_pages_with_applications)


@hooks.register("register_log_actions")
def register_application_log_actions(actions):
    @actions.register_action("forms.application.status")
    class StatusChanged(LogFormatter):
        label = _("Søknad: status endret")

        def format_message(self, log_entry):
            return _("Status endret fra «%(from)s» til «%(to)s»") % {
                "from": log_entry.data.get("from_label", ""),
                "to": log_entry.data.get("to_label", ""),
            }

    @actions.register_action("forms.application.assign")
    class Assigned(LogFormatter):
        label = _("Søknad: saksbehandler tildelt")

        def format_message(self, log_entry):
            reviewer = log_entry.data.get("reviewer_name") or log_entry.data.get("reviewer")
            if reviewer:
                return _("Tildelt %(reviewer)s") % {"reviewer": reviewer}
            return _("Saksbehandler fjernet")

    actions.register_action(
        "forms.application.note", _("Søknad: internt notat"), _("Internt notat lagt til")
    )
    actions.register_action(
        "forms.application.link_revoked",
        _("Søknad: statuslenke trukket tilbake"),
        _("Søkerens statuslenke ble trukket tilbake"),
    )
    actions.register_action("forms.application.view", _("Søknad: vist"), _("Søknaden ble vist"))

    @actions.register_action("forms.application.reply_sent")
    class ReplySent(LogFormatter):
        label = _("Søknad: svarbrev sendt")

        def format_message(self, log_entry):
            return _("Svarbrev sendt til %(recipient)s") % {
                "recipient": log_entry.data.get("recipient", "")
            }

    actions.register_action(
        "forms.application.export", _("Søknad: eksportert"), _("Søknaden ble eksportert")
    )

    @actions.register_action("forms.application.delete")
    class Deleted(LogFormatter):
        # Reference and form only: the log outlives the application.
        label = _("Søknad: slettet")

        def format_message(self, log_entry):
            return _("Søknad %(reference)s til «%(form)s» ble slettet") % {
                "reference": log_entry.data.get("reference", log_entry.label),
                "form": log_entry.data.get("form", ""),
            }


register_permission_policy(
    ApplicationSubmission, ApplicationPermissionPolicy(ApplicationSubmission)
)
register_snippet(ApplicationViewSet)


for bulk_action in (
    ChangeStatusBulkAction,
    AssignBulkAction,
    SendReplyLettersBulkAction,
    ExportBulkAction,
):
    hooks.register("register_bulk_action", bulk_action)
# After Wagtail's «Slett» for every snippet, which it replaces for applications.
hooks.register("register_bulk_action", NoDeleteBulkAction, order=100)


@hooks.register("construct_homepage_panels")
def add_applications_panel(request, panels):
    if may_review(request.user):
        panels.append(ApplicationsPanel())
