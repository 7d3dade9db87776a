"""Bulk actions on selected applications: change status, assign a reviewer, export."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.forms import BooleanField, ChoiceField, Form
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from forms.models import DECISIONS, ApplicationSubmission, ReviewStatus
from forms.permissions import reviewers

from .actions import StaffChoiceField, assign
from .filters import as_id
from .reply_letters import queue_reply_letters


class ApplicationBulkAction(SnippetBulkAction):
    models = [ApplicationSubmission]
    template_name = "applications/admin/bulk_action_confirm.html"

    @classmethod
    def get_queryset(cls, model, object_ids):
        # The ids come from the query string as sent; one that can name no row («abc», «²»,
        # 99999999999999999999) would be a database error. («all» gives real ids already.)
        if isinstance(object_ids, list):
            object_ids = [pk for pk in map(as_id, object_ids) if pk is not None]
        return super().get_queryset(model, object_ids)

    def dispatch(self, request, *args, **kwargs):
        # Before anything is looked up: Wagtail's confirmation page lists the selection,
        # those without access included, with their references.
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, submission):
        return self.permission_policy.user_has_permission(self.request.user, "change")

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "user": self.request.user,
            **self.cleaned_form.cleaned_data,
        }


class BulkStatusForm(Form):
    status = ChoiceField(
        label=_("Ny status"),
        choices=[c for c in ReviewStatus.choices if c[0] != ReviewStatus.RECEIVED],
    )


class ChangeStatusBulkAction(ApplicationBulkAction):
    display_name = _("Endre status")
    action_type = "change_status"
    aria_label = _("Endre status for de valgte søknadene")
    form_class = BulkStatusForm
    action_priority = 10

    @classmethod
    def execute_action(cls, objects, user=None, status=None, **kwargs):
        changed = sum(1 for submission in objects if submission.change_status(status, user))
        return changed, len(objects) - changed

    def get_success_message(self, changed, skipped):
        message = ngettext(
            "%(count)d søknad har fått ny status.",
            "%(count)d søknader har fått ny status.",
            changed,
        ) % {"count": changed}
        if skipped:
            message += " " + ngettext(
                "%(count)d kunne ikke få denne statusen ut fra der den står nå.",
                "%(count)d kunne ikke få denne statusen ut fra der de står nå.",
                skipped,
            ) % {"count": skipped}
        return message


class BulkAssignForm(Form):
    assigned_to = StaffChoiceField(
        label=_("Saksbehandler"), queryset=reviewers(), required=False, empty_label=_("Ingen")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = reviewers()


class AssignBulkAction(ApplicationBulkAction):
    display_name = _("Tildel saksbehandler")
    action_type = "assign"
    aria_label = _("Tildel de valgte søknadene en saksbehandler")
    form_class = BulkAssignForm
    action_priority = 20

    @classmethod
    def execute_action(cls, objects, user=None, assigned_to=None, **kwargs):
        for submission in objects:
            assign(submission, assigned_to, user)
        return len(objects), 0

    def get_success_message(self, count, _skipped):
        return ngettext("%(count)d søknad er tildelt.", "%(count)d søknader er tildelt.", count) % {
            "count": count
        }


class ExportBulkAction(ApplicationBulkAction):
    display_name = _("Eksporter")
    action_type = "export"
    aria_label = _("Eksporter de valgte søknadene")
    template_name = "applications/admin/bulk_export.html"
    action_priority = 30

    def post(self, request, *args, **kwargs):
        # Nothing to run here: the page's buttons post to the listing's export.
        return self.get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = [item["item"].pk for item in context["items"]]
        listing = reverse("applications:list")
        # Posted to (an export is logged, and a link must not add «exported» entries).
        context["export_urls"] = {
            fmt: f"{listing}?{urlencode([('export', fmt)] + [('id', pk) for pk in ids])}"
            for fmt in ("csv", "xlsx")
        }
        return context


class NoDeleteBulkAction(ApplicationBulkAction):
    """Wagtail offers «Slett» for every snippet; applications leave by retention only, so
    for them it only says so (and shows nothing to those without access)."""

    display_name = _("Slett")
    action_type = "delete"
    aria_label = _("Søknader slettes ikke her")
    action_priority = 100

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        messages.warning(
            request,
            gettext(
                "Søknader slettes ikke for hånd. De anonymiseres når lagringstiden for skjemaet "
                "er ute."
            ),
        )
        return redirect(
            self.next_url if self.next_url != request.path else reverse("applications:list")
        )


class SendReplyLettersForm(Form):
    resend = BooleanField(
        label=_("Send også til søknader som allerede har fått svarbrev for avgjørelsen"),
        required=False,
    )


class SendReplyLettersBulkAction(ApplicationBulkAction):
    display_name = _("Send svarbrev")
    action_type = "send_reply_letters"
    aria_label = _("Send svarbrev til de valgte søknadene")
    form_class = SendReplyLettersForm
    template_name = "applications/admin/bulk_reply_letters.html"
    action_priority = 25

    def object_context(self, submission):
        return {
            **super().object_context(submission),
            "decided": submission.status in DECISIONS,
            "already_sent": submission.reply_letter_sent(),
        }

    @classmethod
    def execute_action(cls, objects, user=None, resend=False, **kwargs):
        return queue_reply_letters(objects, user, resend=resend)

    def get_success_message(self, queued, skipped):
        message = ngettext("%(count)d svarbrev sendes.", "%(count)d svarbrev sendes.", queued) % {
            "count": queued
        }
        if skipped:
            message += " " + ngettext(
                "%(count)d søknad ble hoppet over (ikke avgjort, mangler e-post eller har "
                "allerede fått svarbrev).",
                "%(count)d søknader ble hoppet over (ikke avgjort, mangler e-post eller har "
                "allerede fått svarbrev).",
                skipped,
            ) % {"count": skipped}
        return message
