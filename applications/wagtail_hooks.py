from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from forms.models import ApplicationSubmission
from forms.permissions import may_review

from . import (
    admin_guards,
    assessor_views,
    follow_up_views,
    ranking_views,
    report_views,
    results_views,
)
from .admin_guards import form_submissions, localize_snippets_api
from .assessment import may_assess
from .assessor_assignment import AssignAssessorsBulkAction
from .assessor_profile import AssessorSettingsPanel
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
        *assessment_urls(),
        # After the decision (issue 18): acceptance and reports per round, published results.
        *follow_up_views.urls(),
        *report_views.urls(),
        *results_views.urls(),
    ]


def assessment_urls():
    """The assessment panel: the assessors' pages, then the reviewers' ranking."""
    return [
        path("vurdering/", assessor_views.assessment_list_view, name="assessment_list"),
        path(
            "vurdering/<int:submission_id>/",
            assessor_views.assessment_view,
            name="assessment",
        ),
        path(
            "vurdering/<int:submission_id>/habilitet/",
            assessor_views.declare_view,
            name="assessment_declare",
        ),
        path(
            "vurdering/<int:submission_id>/utskrift/",
            assessor_views.assessment_sheet_view,
            name="assessment_sheet",
        ),
        path(
            "vurdering/gjenapne/<int:assessment_id>/",
            assessor_views.reopen_view,
            name="assessment_reopen",
        ),
        path("vurdering/rangering/", ranking_views.rounds_view, name="assessment_rounds"),
        path(
            "vurdering/rangering/<int:page_id>/",
            ranking_views.ranking_view,
            name="assessment_ranking",
        ),
        path(
            "vurdering/rangering/<int:page_id>/innstilling/",
            ranking_views.proposals_view,
            name="assessment_proposals",
        ),
        path(
            "vurdering/rangering/<int:page_id>/runde/",
            ranking_views.round_settings_view,
            name="assessment_round_settings",
        ),
        path(
            "vurdering/rangering/<int:page_id>/eksport/<slug:kind>.<slug:file_format>",
            ranking_views.export_view,
            name="assessment_export",
        ),
    ]


class AssessorMenuItem(MenuItem):
    def is_shown(self, request):
        return may_assess(request.user)


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        return may_review(request.user)


@hooks.register("register_admin_menu_item")
def register_my_assessments_menu_item():
    return AssessorMenuItem(
        _("Mine vurderinger"),
        reverse("assessment_list"),
        name="my-assessments",
        icon_name="tasks",
        order=151,
    )


@hooks.register("register_admin_menu_item")
def register_ranking_menu_item():
    return ReviewerMenuItem(
        _("Rangering"),
        reverse("assessment_rounds"),
        name="assessment-ranking",
        icon_name="list-ol",
        order=152,
    )


@hooks.register("register_admin_menu_item")
def register_follow_up_menu_item():
    return ReviewerMenuItem(
        _("Oppfølging"),
        reverse("follow_up_rounds"),
        name="follow-up",
        icon_name="tick",
        order=153,
    )


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
    actions.register_action(
        "forms.application.report_approved",
        _("Søknad: rapport godkjent"),
        _("Rapporten ble godkjent"),
    )
    actions.register_action(
        "forms.application.report_unapproved",
        _("Søknad: godkjenning av rapport angret"),
        _("Godkjenningen av rapporten ble angret"),
    )

    @actions.register_action("forms.application.accepted")
    class Accepted(LogFormatter):
        label = _("Søknad: tilsagnet akseptert")

        def format_message(self, log_entry):
            return _("Tilsagnet ble akseptert av %(name)s (%(role)s)") % {
                "name": log_entry.data.get("name", ""),
                "role": log_entry.data.get("role", ""),
            }

    actions.register_action(
        "forms.application.not_accepted",
        _("Søknad: ikke akseptert"),
        _("Fristen for aksept gikk ut"),
    )

    register_assessment_log_actions(actions)

    @actions.register_action("forms.application.delete")
    class Deleted(LogFormatter):
        # Reference and form only: the log outlives the application.
        label = _("Søknad: slettet")

        def format_message(self, log_entry):
            return _("Søknad %(reference)s til «%(form)s» ble slettet") % {
                "reference": log_entry.data.get("reference", log_entry.label),
                "form": log_entry.data.get("form", ""),
            }


def register_assessment_log_actions(actions):
    """The assessment panel's steps, in the application's history."""

    def by_assessor(message):
        class Formatter(LogFormatter):
            def format_message(self, log_entry):
                return message % {"assessor": log_entry.data.get("assessor_name", "")}

        return Formatter

    for action, label, message in (
        ("assigned", _("Vurdering: fagvurderer tildelt"), _("%(assessor)s ble tildelt søknaden")),
        ("unassigned", _("Vurdering: fagvurderer fjernet"), _("%(assessor)s ble fjernet")),
        ("saved", _("Vurdering: score lagret"), _("%(assessor)s lagret score")),
        ("delivered", _("Vurdering: levert"), _("%(assessor)s leverte vurderingen")),
        (
            "reopened",
            _("Vurdering: åpnet igjen"),
            _("Vurderingen til %(assessor)s ble åpnet igjen"),
        ),
    ):
        formatter = by_assessor(message)
        formatter.label = label
        actions.register_action(f"applications.assessment.{action}")(formatter)

    @actions.register_action("applications.assessment.declared")
    class Declared(LogFormatter):
        label = _("Vurdering: habilitet erklært")

        def format_message(self, log_entry):
            if log_entry.data.get("declaration") == "inhabil":
                return _("%(assessor)s erklærte seg inhabil") % {
                    "assessor": log_entry.data.get("assessor_name", "")
                }
            return _("%(assessor)s erklærte seg ikke inhabil") % {
                "assessor": log_entry.data.get("assessor_name", "")
            }

    @actions.register_action("applications.proposal")
    class Proposed(LogFormatter):
        label = _("Søknad: innstilling")

        def format_message(self, log_entry):
            label = log_entry.data.get("label")
            if label:
                return _("Innstilling satt til «%(label)s»") % {"label": label}
            return _("Innstilling fjernet")


register_permission_policy(
    ApplicationSubmission, ApplicationPermissionPolicy(ApplicationSubmission)
)
register_snippet(ApplicationViewSet)


for bulk_action in (
    ChangeStatusBulkAction,
    AssignBulkAction,
    SendReplyLettersBulkAction,
    ExportBulkAction,
    AssignAssessorsBulkAction,
):
    hooks.register("register_bulk_action", bulk_action)
# After Wagtail's «Slett» for every snippet, which it replaces for applications.
hooks.register("register_bulk_action", NoDeleteBulkAction, order=100)


hooks.register("register_account_settings_panel", AssessorSettingsPanel)


@hooks.register("construct_homepage_panels")
def add_applications_panel(request, panels):
    if may_review(request.user):
        panels.append(ApplicationsPanel())
