"""Error views that must work when nothing else does: no database, no context processors."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

import psycopg

# Errors that mean "the database cannot be reached right now". Django wraps psycopg's own
# errors in its classes; the raw ones are listed for code that talks to psycopg directly.
DATABASE_UNAVAILABLE = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)
RETRY_AFTER_SECONDS = 120


def is_database_unavailable(exc):
    """True when exc, or an exception it was raised from or while handling, is one of them."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, DATABASE_UNAVAILABLE):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request):
    """Django's 500 page, or a 503 «try again shortly» page when the database is down.

    Like Django's default handler, the templates are rendered without a request context:
    the context processors (site settings, the user) would query the database.
    """
    if is_database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)


def refused_request_page(status):
    """The page for a request we could not take: too big (413) or unreadable (400).

    Static like the 500 page: it also answers requests whose body Django could not parse.
    """
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat

    context = {
        "status_code": status,
        "attachment_limit": filesizeformat(settings.APPLICATION_ATTACHMENT_MAX_SIZE),
        "body_limit": filesizeformat(settings.MAX_REQUEST_BODY_SIZE),
    }
    return HttpResponse(loader.get_template("400.html").render(context), status=status)


def bad_request(request, exception):
    """Django's 400: among others a body over DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig),
    over DATA_UPLOAD_MAX_NUMBER_FIELDS (TooManyFieldsSent), or a malformed multipart body."""
    return refused_request_page(400)
