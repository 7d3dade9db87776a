from django.conf import settings
from django.urls import NoReverseMatch, reverse

from csp.middleware import CSPMiddleware, PolicyParts


def is_admin_path(path):
    # Looked up per request (Django caches the reverse map): the URL configuration can
    # differ per request, and one without the admin has no admin paths.
    try:
        return path.startswith(reverse("wagtailadmin_home"))
    except NoReverseMatch:
        return False


def is_preview_request(request):
    """A page rendered for the admin's preview (the editor's panel, a revision, a workflow
    task, a translation): Wagtail sends a made-up request for the page's public URL
    through the whole middleware chain (`make_preview_request`), marked `is_dummy`."""
    return getattr(request, "is_dummy", False) or getattr(request, "is_preview", False)


def is_for_the_admin(request):
    return is_admin_path(request.path_info) or is_preview_request(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with two policies: a strict one for the public site, a looser one for
    the Wagtail admin, whose editors and preview panel still need inline scripts and
    styles and same-origin framing. The public pages have no inline script or style.

    A preview is a public page shown inside the admin's frame: it gets the admin's policy,
    or the browser refuses to frame it (`frame-ancestors 'none'`) and Wagtail's preview
    scripts (user bar, accessibility checker) could not run.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_for_the_admin(request):
            return PolicyParts(
                config=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        return parts


class PreviewFramingMiddleware:
    """`X-Frame-Options: SAMEORIGIN` for previews, which the admin frames (Wagtail's revision
    and workflow previews do not ask for it themselves). Sits inside Django's
    XFrameOptionsMiddleware, which leaves a header already set alone and sends DENY for
    everything else (and keeps `check --deploy`'s security.W002 satisfied)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_preview_request(request):
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class PermissionsPolicyMiddleware:
    """`Permissions-Policy`: the site uses no camera, microphone, location and the like,
    so nothing embedded in it may ask for them either."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENIED)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response
