"""The addresses under an application form page: the form, the confirmation after a
redirect (so a reload cannot send the application twice), and the applicant's status page
with its printable copy of the application.

A mixin the page class is composed of: the page model imports this module, and this module
imports only the stored models (forms.models.submissions), never the page's, so the serving
code depends on the models and not the other way round."""

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from .draft_resume import serve_resume, serve_save_draft
from .reports import serve_report_form, serve_report_link
from .shared_render import serve_shared
from .status_page import serve_print_page, serve_status_page
from .step_flow import numbered_for_preview, serve_steps, wants_steps
from .submission import serve_confirmation, serve_form


class ApplicationFormRoutes(RoutablePageMixin):
    # Receipts and status pages are personal, and the form holds a CSRF token.
    serve_from_cache = False

    @path("")
    def form_view(self, request):
        if self.is_report_form:
            # Only for the browser that came by the granted application's link.
            return serve_report_form(self, request, lambda: self.serve_form_or_steps(request))
        return self.serve_form_or_steps(request)

    def serve_form_or_steps(self, request):
        shared = serve_shared(self, request, lambda: self.render_form(request, shared=True))
        return shared or self.render_form(request)

    def render_form(self, request, shared=False):
        if wants_steps(self, request):
            return serve_steps(self, request, shared=shared)
        if getattr(request, "is_preview", False):
            return numbered_for_preview(serve_form(self, request))
        return serve_form(self, request, shared=shared)

    @path("lagret/", name="save_draft")
    def save_draft_view(self, request):
        if self.is_report_form:
            return serve_report_form(self, request, lambda: serve_save_draft(self, request))
        return serve_save_draft(self, request)

    @path("fortsett/<str:key>/", name="resume_draft")
    def resume_draft_view(self, request, key):
        return serve_resume(self, request, key)

    @path("rapport-for/<str:token>/<str:signature>/", name="report_link")
    def report_link_view(self, request, token, signature):
        return serve_report_link(self, request, token, signature)

    @path("status/<str:token>/<str:signature>/", name="application_status")
    def application_status_view(self, request, token, signature):
        return serve_status_page(self, request, token, signature)

    @path("status/<str:token>/<str:signature>/utskrift/", name="application_print")
    def application_print_view(self, request, token, signature):
        return serve_print_page(self, request, token, signature)

    @path("kvittering/<str:token>/", name="confirmation")
    def confirmation_view(self, request, token):
        return serve_confirmation(self, request, token)
