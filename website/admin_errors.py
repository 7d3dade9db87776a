"""Numbers no database column can hold, in the admin's query strings: a Norwegian message,
not a server error.

Wagtail's admin reads ids, offsets and page numbers from the query string in many places
(the explorer's filters, the admin API's `offset`, choosers, reports). An integer outside
64 bits makes SQLite raise OverflowError when it is bound, and PostgreSQL a DataError
(«bigint out of range») for an OFFSET; Django's own lookups only guard some of these. The
values are checked here before any view runs, for signed-in users (anonymous ones are sent
to the sign-in page by the admin before any of its views run). Upstream, Wagtail's
filters and its API would validate the range of the integers they parse.
"""

import re

from django.db import DataError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.urls import NoReverseMatch, reverse

MESSAGE = (
    "Adressen inneholder et tall som er for stort eller for lite{where}. "
    "Gå tilbake og prøv igjen, eller åpne siden fra menyen."
)
INVALID_SELECTION = "Utvalget i adressen er ugyldig. Gå tilbake til listen og velg på nytt."
LARGEST = 2**63 - 1
# Django's IntegerField reads «12.0» and «12.000 » as 12, and so does this check.
DECIMAL_ZEROS = re.compile(r"\.0*\s*$")
WHOLE_NUMBER = re.compile(r"[+-]?[\d_]+")


def is_admin_path(path):
    try:
        return path.startswith(reverse("wagtailadmin_home"))
    except NoReverseMatch:
        return False


def out_of_range(value):
    """True for a value Python (and so Django, Wagtail, DRF) reads as an integer that no
    64-bit column or OFFSET can take."""
    text = DECIMAL_ZEROS.sub("", value.strip())
    if not WHOLE_NUMBER.fullmatch(text):
        return False
    try:
        number = int(text)
    except ValueError:
        # More digits than Python converts (4300): certainly too big. («1__2» is no number.)
        return "__" not in text and not text.startswith("_") and len(text) > 19
    return not -LARGEST - 1 <= number <= LARGEST


def valid_id_for(kwargs):
    """A check that a value names a possible row of the bulk action's model."""
    from django.apps import apps
    from django.core.exceptions import ValidationError

    try:
        pk = apps.get_model(kwargs["app_label"], kwargs["model_name"])._meta.pk
    except (LookupError, KeyError):
        return lambda value: True  # Wagtail answers 404 for an unknown model itself

    def valid(value):
        try:
            pk.to_python(value)
        except ValidationError:
            return False
        return value.strip() != "" and not out_of_range(value)

    return valid


def refusal(request, name, message=None):
    message = message or MESSAGE.format(where=f" («{name[:40]}»)" if name else "")
    if "/api/" in request.path_info:
        return JsonResponse({"message": message}, status=400)
    # A static page (no database): it also answers when the database refused the number.
    html = loader.get_template("400_admin_number.html").render({"message": message})
    return HttpResponse(html, status=400)


def is_out_of_range_error(exception):
    if isinstance(exception, OverflowError):
        return True
    # PostgreSQL's «numeric value out of range» / «bigint out of range» (SQLSTATE 22003).
    cause = exception.__cause__
    return isinstance(exception, DataError) and getattr(cause, "sqlstate", None) == "22003"


class AdminNumberRangeMiddleware:
    """Needs AuthenticationMiddleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and is_admin_path(request.path_info):
            for name, values in request.GET.lists():
                if any(out_of_range(value) for value in values):
                    return refusal(request, name)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Wagtail's bulk actions read the selection («?id=») straight into a query: an id
        # that is no id of that model («», «abc») is a ValueError there, for pages too.
        match = request.resolver_match
        if match and match.url_name == "wagtail_bulk_action" and request.user.is_authenticated:
            ids = [value for value in request.GET.getlist("id") if value != "all"]
            if not all(map(valid_id_for(match.kwargs), ids)):
                return refusal(request, "id", INVALID_SELECTION)
        return None

    def process_exception(self, request, exception):
        # Whatever got past the check (a number in a path or a form): the same message.
        if is_admin_path(request.path_info) and is_out_of_range_error(exception):
            return refusal(request, "")
        return None
