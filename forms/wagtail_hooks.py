from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .bulk_actions import (
    AssignBulkAction,
    ChangeStatusBulkAction,
    ExportBulkAction,
    SendReplyLettersBulkAction,
)
from .models import ApplicationSubmission
from .review import ApplicationPermissionPolicy, ApplicationViewSet
from .views import download_attachment


@hooks.register("register_admin_urls")
def register_application_admin_urls():
    from .outreach import outreach_view
    from .subject_access import subject_access_view

    return [
        path(
            "soknader/vedlegg/<int:attachment_id>/",
            download_attachment,
            name="application_attachment",
        ),
        path("soknader/hvem-har-sokt/", outreach_view, name="application_outreach"),
        path("soknader/innsyn/", subject_access_view, name="application_subject_access"),
    ]


@hooks.register("filter_form_submissions_for_user")
def only_reviewers_see_applications(user, editable_forms):
    """Wagtail's own form submission views show applications to editors of the form page;
    applications hold personal data, so only the reviewers' group may see them."""
    from .views import REVIEW_PERMISSION

    if user.has_perm(REVIEW_PERMISSION):
        return editable_forms
    return editable_forms.none()


@hooks.register("register_log_actions")
def register_application_log_actions(actions):
    from wagtail.log_actions import LogFormatter

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
            reviewer = log_entry.data.get("reviewer")
            if reviewer:
                return _("Tildelt %(reviewer)s") % {"reviewer": reviewer}
            return _("Saksbehandler fjernet")

    actions.register_action(
        "forms.application.note", _("Søknad: internt notat"), _("Internt notat lagt til")
    )
    actions.register_action(
        "forms.application.link_revoked", _("Søknad: statuslenke trukket tilbake"),
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


register_permission_policy(
    ApplicationSubmission, ApplicationPermissionPolicy(ApplicationSubmission)
)
register_snippet(ApplicationViewSet)


for bulk_action in (
    ChangeStatusBulkAction, AssignBulkAction, SendReplyLettersBulkAction, ExportBulkAction
):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("construct_homepage_panels")
def add_applications_panel(request, panels):
    from .dashboard import ApplicationsPanel
    from .views import REVIEW_PERMISSION

    if request.user.has_perm(REVIEW_PERMISSION):
        panels.append(ApplicationsPanel())
