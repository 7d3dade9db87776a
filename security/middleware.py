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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with two policies: a strict one for the public site, a looser one for
    the Wagtail admin, whose editors and preview panel still need inline scripts and
    styles and same-origin framing. The public pages have no inline script or style.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            return PolicyParts(
                config=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        return parts


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
