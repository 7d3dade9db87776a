"""A confirmation after a moderator approves or rejects a page from the dashboard.

Wagtail's editor says what happened after a workflow action, but the dashboard's
«Godkjenn» / «Be om endringer» buttons (and their comment dialog) post to Wagtail's own
workflow action view, which only sends the moderator back with no word. This middleware
notes the task states that view finishes (Wagtail's task_approved / task_rejected
signals) and, once the view is done and the page published or not, adds the message.
"""

from contextvars import ContextVar

from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from wagtail.admin import messages
from wagtail.signals import task_approved, task_rejected

WORKFLOW_ACTION_VIEW = "wagtailadmin_pages:workflow_action"
# The task states the current workflow action request finished (per thread and task).
_finished = ContextVar("finished_task_states", default=None)


def message_for(task_state, approved):
    page = task_state.workflow_state.content_object.specific
    title = page.get_admin_display_title()
    if not approved:
        return _("Siden «%(title)s» er sendt tilbake med ønske om endringer.") % {"title": title}
    page.refresh_from_db()
    if task_state.workflow_state.status == "approved" and page.live:
        return _("Siden «%(title)s» er godkjent og publisert.") % {"title": title}
    return _("Siden «%(title)s» er godkjent og går videre til neste steg.") % {"title": title}


def note_finished_task(sender, instance, user=None, approved=True, **kwargs):
    finished = _finished.get()
    if finished is not None:
        finished.append((instance, approved))


def note_rejected_task(sender, instance, user=None, **kwargs):
    note_finished_task(sender, instance, user, approved=False)


def connect_signals():
    task_approved.connect(note_finished_task, dispatch_uid="moderation_messages_approved")
    task_rejected.connect(note_rejected_task, dispatch_uid="moderation_messages_rejected")


def is_workflow_action(request):
    if request.method != "POST":
        return False
    try:
        return resolve(request.path_info).view_name == WORKFLOW_ACTION_VIEW
    except Resolver404:
        return False


class WorkflowActionMessageMiddleware:
    """Below MessageMiddleware, so the message is stored with this response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_workflow_action(request):
            return self.get_response(request)
        finished = []
        token = _finished.set(finished)
        try:
            response = self.get_response(request)
        finally:
            _finished.reset(token)
        for task_state, approved in finished:
            task_state.refresh_from_db()
            messages.success(request, message_for(task_state, approved))
        return response
