"""Middleware that belongs to the deployment rather than to the site's content."""

from django.conf import settings

from .errors import refused_request_page


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than MAX_REQUEST_BODY_SIZE, before anything
    reads it: CsrfViewMiddleware parses every POST body (files to temporary files) before
    a view could look at its size. The web server in front should have the same limit
    (nginx `client_max_body_size`); this keeps the site safe where it has not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then either
        if length > settings.MAX_REQUEST_BODY_SIZE:
            # Connection: close, so the server does not try to read the unread body as the
            # next request.
            response = refused_request_page(413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)
