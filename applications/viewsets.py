"""«Søknader» in the admin: the snippet viewset with its listing, the application's own page
(inspect view) and the URLs of the reviewers' actions on it."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.snippets.views.snippets import EditView, InspectView, SnippetViewSet

from forms.models import DECISIONS, ApplicationSubmission, GrantFollowUp

from .actions import (
    AssignForm,
    NoteForm,
    StatusForm,
    add_assessor_view,
    add_note_view,
    assessment_section,
    assign_view,
    change_status_view,
    remove_assessor_view,
    revoke_link_view,
    send_reply_view,
)
from .export import ApplicationIndexView
from .filters import ApplicationFilterSet, with_listing_data
from .reply_letters import render_letter
from .report_views import report_section


def partner_names(submission):
    """The partner municipalities of a joint application, short, for a listing cell."""
    return ", ".join(m.name for m in submission.partner_municipalities.all())


class ApplicationEditView(EditView):
    """Answers are never edited in the admin; the work happens on the application's page."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("applications:inspect", self.kwargs["pk"])


class ApplicationInspectView(InspectView):
    template_name = "applications/admin/application_inspect.html"
    # Reviewers read an application, not Wagtail's «Inspiser» (inspect) of a snippet.
    page_title = gettext_lazy("Søknad")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Reading personal data is recorded too, not only changes.
        log(self.object, "forms.application.view", user=request.user)
        return response

    def get_object(self, queryset=None):
        return get_object_or_404(with_listing_data(ApplicationSubmission.objects.all()), pk=self.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        context.update(
            {
                "submission": submission,
                "answers": submission.answers(),
                "attachments": submission.attachments.all(),
                "duplicates": ApplicationSubmission.objects.filter(
                    Q(pk=submission.duplicate_of_id)
                    | Q(duplicate_of=submission)
                    | Q(duplicate_of_id=submission.duplicate_of_id, duplicate_of__isnull=False)
                )
                .exclude(pk=submission.pk)
                .select_related("municipality"),
                "notes": submission.notes.select_related("author"),
                "history": ModelLogEntry.objects.for_instance(submission)
                .exclude(action="forms.application.view")
                .select_related("user")
                .order_by("-timestamp")[:50],
                "status_form": StatusForm(submission=submission),
                "assign_form": AssignForm(initial={"assigned_to": submission.assigned_to_id}),
                "note_form": NoteForm(),
                "reply_letters": submission.reply_letters.select_related("sent_by"),
                "reply_preview": (
                    render_letter(submission) if submission.status in DECISIONS else None
                ),
                "reply_already_sent": submission.reply_letter_sent(),
                "assessment": assessment_section(submission, self.request.user),
                # After the decision (issue 18): acceptance and report of a grant.
                "follow_up": GrantFollowUp.objects.filter(submission=submission).first(),
                "report": report_section(submission),
            }
        )
        return context


def print_view(request, pk):
    """The application as sent, to print: the same include as the applicant's printable copy
    (templates/forms/includes/application_as_sent.html), with the questions as stored."""
    submission = get_object_or_404(
        ApplicationSubmission.objects.select_related("page", "municipality"), pk=pk
    )
    log(submission, "forms.application.view", user=request.user)
    context = {
        "submission": submission,
        "answers": submission.answers(),
        "attachments": submission.attachments.all(),
        "program": submission.page.specific.program,
    }
    response = TemplateResponse(request, "applications/admin/application_print.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


class ApplicationViewSet(SnippetViewSet):
    model = ApplicationSubmission
    icon = "form"
    menu_label = gettext_lazy("Søknader")
    menu_name = "applications"
    menu_order = 150
    add_to_admin_menu = True
    url_prefix = "soknader/liste"
    admin_url_namespace = "applications"
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    edit_view_class = ApplicationEditView
    filterset_class = ApplicationFilterSet
    search_fields = ["reference", "municipality__name", "contact_name", "applicant_email"]
    ordering = ["-submit_time"]
    list_per_page = 50
    list_display = [
        TitleColumn(
            "reference",
            label=gettext_lazy("Referanse"),
            sort_key="reference",
            url_name="applications:inspect",
        ),
        Column(
            "municipality",
            label=gettext_lazy("Kommune"),
            accessor="municipality.name",
            sort_key="municipality__name",
        ),
        Column(
            "partners",
            label=gettext_lazy("Samarbeidskommuner"),
            accessor=lambda s: partner_names(s),
        ),
        Column(
            "county",
            label=gettext_lazy("Fylke"),
            accessor="municipality.county",
            sort_key="municipality__county_number",
        ),
        Column("page", label=gettext_lazy("Skjema"), accessor="page.title"),
        DateColumn("submit_time", label=gettext_lazy("Mottatt"), sort_key="submit_time"),
        Column(
            "status", label=gettext_lazy("Status"), accessor="get_status_display", sort_key="status"
        ),
        Column(
            "assigned_to",
            label=gettext_lazy("Saksbehandler"),
            accessor=lambda s: get_user_display_name(s.assigned_to),
            sort_key="assigned_to__first_name",
        ),
        Column(
            "duplicate",
            label=gettext_lazy("Mulig duplikat"),
            accessor=lambda s: _("Ja") if s.is_possible_duplicate else "",
        ),
        Column(
            "missing_earlier_report",
            label=gettext_lazy("Mangler rapport"),
            accessor=lambda s: _("Ja") if getattr(s, "missing_earlier_report", False) else "",
        ),
    ]

    def register_chooser_viewset(self):
        # No chooser: nothing links to an application, and Wagtail's snippet chooser (with
        # its results and search) lists every reference to anyone in the admin.
        pass

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<str:pk>/status/", self.protect(change_status_view), name="change_status"),
            path("<str:pk>/tildel/", self.protect(assign_view), name="assign"),
            path("<str:pk>/notat/", self.protect(add_note_view), name="add_note"),
            path("<str:pk>/svarbrev/", self.protect(send_reply_view), name="send_reply"),
            path("<str:pk>/trekk-lenke/", self.protect(revoke_link_view), name="revoke_link"),
            path("<str:pk>/utskrift/", self.readable(print_view), name="print"),
            path(
                "<str:pk>/fagvurderere/",
                self.protect(add_assessor_view),
                name="add_assessor",
            ),
            path(
                "<str:pk>/fagvurderere/<str:assessment_id>/fjern/",
                self.protect(remove_assessor_view),
                name="remove_assessor",
            ),
        ]

    def readable(self, view):
        """A page for those the policy lets see applications (a GET, unlike the actions)."""
        policy = self.permission_policy

        def wrapped(request, *args, **kwargs):
            if not policy.user_has_permission(request.user, "view"):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    def protect(self, view):
        """The action only for those the policy lets change applications, and only by POST."""
        policy = self.permission_policy

        def wrapped(request, *args, **kwargs):
            if not policy.user_has_permission(request.user, "change"):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return require_POST(wrapped)
