"""The listing of «Søknader» and its export to CSV and XLSX: the fixed columns, then one per
question of the forms in the filtered listing, streamed row by row, every export logged."""

from decimal import Decimal, InvalidOperation

from django.db.models import Exists, OuterRef
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.utils import get_user_display_name
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import IndexView

from forms.answers import display_value
from forms.models import ApplicationSubmission

from .filters import as_id, with_listing_data
from .spreadsheets import csv_lines, csv_response, spreadsheet_safe

FIXED_EXPORT_COLUMNS = {
    "reference": gettext_lazy("Referanse"),
    "status_label": gettext_lazy("Status"),
    "municipality_name": gettext_lazy("Kommune"),
    "municipality_number": gettext_lazy("Kommunenummer"),
    "county": gettext_lazy("Fylke"),
    "partners": gettext_lazy("Samarbeidskommuner"),
    "form_title": gettext_lazy("Skjema"),
    "submit_time": gettext_lazy("Mottatt"),
    "reviewer": gettext_lazy("Saksbehandler"),
    "language": gettext_lazy("Språk"),
    "duplicate_of_reference": gettext_lazy("Mulig duplikat av"),
}
ANSWER_PREFIX = "svar:"


def as_number(value):
    """A number field's answer as a number (so -5 stays a number), or None."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class ApplicationIndexView(IndexView):
    """The listing, and its export to CSV and XLSX."""

    export_filename = "soknader"
    export_confirm_template_name = "applications/admin/export_confirm.html"
    EXPORT_LABELS = {"csv": "CSV", "xlsx": "Excel (XLSX)"}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Every exported application is logged as read, so only a POST (with its CSRF
        # token) exports; a GET (a link, an image, a prefetch) asks first.
        self.export_asked = self.is_export
        self.is_export = self.is_export and request.method == "POST"

    def post(self, request, *args, **kwargs):
        if not self.is_export:
            return HttpResponseNotAllowed(["GET"])
        return self.get(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        if self.export_asked and not self.is_export:
            return self.confirm_export(context)
        return super().render_to_response(context, **response_kwargs)

    def confirm_export(self, context):
        export_format = self.request.GET["export"]
        params = self.request.GET.copy()
        del params["export"]
        paginator = context.get("paginator")
        return TemplateResponse(
            self.request,
            self.export_confirm_template_name,
            {
                "count": paginator.count if paginator else len(context["object_list"]),
                "format_label": self.EXPORT_LABELS[export_format],
                "export_url": self.request.get_full_path(),
                "back_url": f"{self.request.path}?{params.urlencode()}"
                if params
                else self.request.path,
            },
        )

    def get_base_queryset(self):
        queryset = with_listing_data(super().get_base_queryset())
        # An export of applications selected in the listing (the bulk action «Eksporter»).
        selected = [pk for pk in map(as_id, self.request.GET.getlist("id")) if pk is not None]
        if selected:
            queryset = queryset.filter(pk__in=selected)
        return queryset

    def search_queryset(self, queryset):
        # A search for a municipality finds the joint applications it is a partner in too
        # (Exists, not a join: an application with two matching partners is listed once).
        found = super().search_queryset(queryset)
        if not self.is_searching:
            return found
        as_partner = ApplicationSubmission.partner_municipalities.through.objects.filter(
            applicationsubmission=OuterRef("pk"),
            municipality__name__icontains=self.search_query,
        )
        return found | queryset.filter(Exists(as_partner))

    @cached_property
    def questions(self):
        """(key, label) of every question in the filtered applications, in form order; labels
        as the applicants saw them, so removed and renamed questions keep their column."""
        questions = {}
        applications = getattr(self, "object_list", None)
        if applications is None:
            applications = self.get_queryset()
        snapshots = applications.values_list("field_labels", flat=True)
        for snapshot in snapshots.iterator(chunk_size=500):
            for question in snapshot:
                if question["type"] != "section":
                    questions.setdefault(question["key"], question["label"])
        return list(questions.items())

    @property
    def list_export(self):
        return [*FIXED_EXPORT_COLUMNS, *(ANSWER_PREFIX + key for key, _ in self.questions)]

    @property
    def export_headings(self):
        return {
            **FIXED_EXPORT_COLUMNS,
            **{ANSWER_PREFIX + key: label for key, label in self.questions},
        }

    def to_row_dict(self, item):
        types = {q["key"]: q["type"] for q in item.field_labels}
        row = {
            "reference": item.reference,
            "status_label": item.get_status_display(),
            "municipality_name": item.municipality.name if item.municipality else "",
            "municipality_number": item.municipality_id or "",
            "county": item.municipality.county if item.municipality else "",
            "partners": ", ".join(
                f"{m.name} ({m.number})" for m in item.partner_municipalities.all()
            ),
            "form_title": item.page.title,
            "submit_time": timezone.localtime(item.submit_time).replace(tzinfo=None),
            "reviewer": get_user_display_name(item.assigned_to),
            "language": item.language,
            "duplicate_of_reference": item.duplicate_of.reference if item.duplicate_of else "",
        }
        for key, _label in self.questions:
            value = item.form_data.get(key)
            number = as_number(value) if types.get(key) == "number" else None
            if value in (None, ""):
                row[ANSWER_PREFIX + key] = ""
            elif number is not None:
                row[ANSWER_PREFIX + key] = number
            else:
                row[ANSWER_PREFIX + key] = display_value(types.get(key, ""), value)
        return row

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        # Headings are the editors' questions, which may start with «-» or «=» too.
        return spreadsheet_safe(super().get_heading(queryset, field))

    def exported(self, queryset):
        """The rows, fetched in chunks so memory stays flat, each export logged as a read."""
        for item in queryset.select_related("duplicate_of").iterator(chunk_size=500):
            log(item, "forms.application.export", user=self.request.user)
            yield item

    def stream_csv(self, queryset):
        heading = [self.get_heading(queryset, field) for field in self.list_export]
        rows = (
            [
                self.preprocess_field_value(field, value, self.FORMAT_CSV)
                for field, value in self.to_row_dict(item).items()
            ]
            for item in self.exported(queryset)
        )
        return csv_lines(heading, rows)

    def write_csv_response(self, queryset):
        return csv_response(self.stream_csv(queryset), f"{self.get_filename()}.csv")

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook  # only an XLSX export needs it

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=_("Søknader"))
        worksheet.append([self.get_heading(queryset, field) for field in self.list_export])
        for item in self.exported(queryset):
            worksheet.append(
                list(
                    self.generate_xlsx_row(
                        worksheet, self.to_row_dict(item), date_format="dd.mm.yyyy hh:mm"
                    )
                )
            )
        workbook.save(output)
