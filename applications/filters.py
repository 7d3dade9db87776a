"""The filters of «Søknader», and the ids they (and the other views) read from a query
string or URL, where a value that can name no row is no match rather than a database error."""

from django.db.models import Exists, OuterRef, Q
from django.forms import ValidationError
from django.utils.translation import gettext_lazy

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.utils import get_user_display_name

import django_filters

from forms.models import ApplicationFormPage, ApplicationSubmission, Municipality, ReviewStatus
from forms.permissions import reviewers
from forms.reports import missing_earlier_report

from .models import Recommendation

MAX_ID = 2**63 - 1  # the largest id a database column here can hold


def as_id(value):
    """The id a query string value names, or None when it can name no row: not plain ASCII
    digits («²» passes str.isdigit), or too big for the database (SQLite then raises)."""
    text = str(value)
    if text.isascii() and text.isdigit() and int(text) <= MAX_ID:
        return int(text)
    return None


def with_listing_data(queryset):
    """Everything a listing row shows (and the duplicate filter reads), in one query
    whatever the number of rows."""
    later = ApplicationSubmission.objects.filter(duplicate_of=OuterRef("pk"))
    return (
        queryset.select_related("municipality", "page", "assigned_to")
        .prefetch_related("partner_municipalities")
        .annotate(
            has_later_duplicates=Exists(later),
            # The reviewers' flag (issue 18): a report missing past its due date, earlier.
            missing_earlier_report=missing_earlier_report(),
        )
    )


class IdChoiceField(django_filters.fields.ModelChoiceField):
    """A choice by id where an id no table can hold is an invalid choice, not a 500."""

    def to_python(self, value):
        if value not in self.empty_values and as_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = IdChoiceField


class StaffIdChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        return get_user_display_name(obj)


class StaffIdChoiceFilter(IdChoiceFilter):
    field_class = StaffIdChoiceField


class ApplicationFilterSet(WagtailFilterSet):
    page = IdChoiceFilter(
        label=gettext_lazy("Søknadsskjema"),
        queryset=lambda request: ApplicationFormPage.objects.filter(
            pk__in=ApplicationSubmission.objects.values("page")
        ),
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=ReviewStatus.choices)
    county = django_filters.ChoiceFilter(
        label=gettext_lazy("Fylke"),
        field_name="municipality__county",
        choices=lambda: [
            (county, county)
            for county in Municipality.objects.order_by("county_number")
            .values_list("county", flat=True)
            .distinct()
        ],
    )
    assigned_to = StaffIdChoiceFilter(
        label=gettext_lazy("Saksbehandler"), queryset=lambda request: reviewers()
    )
    submit_time = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Mottatt"), widget=DateRangePickerWidget
    )
    # The ranking's proposal, so staff turn it into decisions with the bulk status action.
    innstilling = django_filters.ChoiceFilter(
        label=gettext_lazy("Innstilling"),
        field_name="proposal__recommendation",
        choices=Recommendation.choices,
    )
    possible_duplicate = django_filters.BooleanFilter(
        label=gettext_lazy("Mulig duplikat"), method="filter_possible_duplicate"
    )
    missing_earlier_report = django_filters.BooleanFilter(
        label=gettext_lazy("Mangler rapport fra tidligere runde"),
        field_name="missing_earlier_report",
    )

    class Meta:
        model = ApplicationSubmission
        fields = ["page", "status", "county", "assigned_to", "submit_time"]

    def filter_possible_duplicate(self, queryset, name, value):
        duplicate = Q(duplicate_of__isnull=False) | Q(has_later_duplicates=True)
        return queryset.filter(duplicate) if value else queryset.exclude(duplicate)
