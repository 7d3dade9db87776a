"""The review of applications in the admin: «Søknader», for the group Søknadsbehandlere."""

import csv
import re
from decimal import Decimal, InvalidOperation

from django import forms as django_forms
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.mixins import Echo
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import EditView, IndexView, InspectView, SnippetViewSet

import django_filters

from forms.models import (
    DECISIONS,
    ApplicationFormPage,
    ApplicationNote,
    ApplicationSubmission,
    Municipality,
    ReviewStatus,
)
from forms.permissions import REVIEW_PERMISSION, reviewers

from .reply_letters import already_sent, queue_reply_letters, render_letter


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Reviewers (and superusers) may see and work applications; nobody creates, copies or
    deletes them in the admin: they come from the form and go by the retention rules."""

    def user_has_permission(self, user, action):
        if action in {"add", "delete", "copy", "publish", "lock", "unlock"}:
            return False
        if action in {"view", "change"}:
            return user.is_active and (user.is_superuser or user.has_perm(REVIEW_PERMISSION))
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class StaffChoiceField(django_forms.ModelChoiceField):
    """A choice of staff by full name (the user name only when no name is set)."""

    def label_from_instance(self, obj):
        return get_user_display_name(obj)


MAX_ID = 2**63 - 1  # the largest id a database column here can hold


def as_id(value):
    """The id a query string value names, or None when it can name no row: not plain ASCII
    digits («²» passes str.isdigit), or too big for the database (SQLite then raises)."""
    text = str(value)
    if text.isascii() and text.isdigit() and int(text) <= MAX_ID:
        return int(text)
    return None


class IdChoiceField(django_filters.fields.ModelChoiceField):
    """A choice by id where an id no table can hold is an invalid choice, not a 500."""

    def to_python(self, value):
        if value not in self.empty_values and as_id(value) is None:
            raise django_forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
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
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=ReviewStatus.choices
    )
    county = django_filters.ChoiceFilter(
        label=gettext_lazy("Fylke"),
        field_name="municipality__county",
        choices=lambda: [
            (county, county)
            for county in Municipality.objects.order_by("county_number")
            .values_list("county", flat=True).distinct()
        ],
    )
    assigned_to = StaffIdChoiceFilter(
        label=gettext_lazy("Saksbehandler"), queryset=lambda request: reviewers()
    )
    submit_time = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Mottatt"), widget=DateRangePickerWidget
    )
    possible_duplicate = django_filters.BooleanFilter(
        label=gettext_lazy("Mulig duplikat"), method="filter_possible_duplicate"
    )

    class Meta:
        model = ApplicationSubmission
        fields = ["page", "status", "county", "assigned_to", "submit_time"]

    def filter_possible_duplicate(self, queryset, name, value):
        duplicate = Q(duplicate_of__isnull=False) | Q(has_later_duplicates=True)
        return queryset.filter(duplicate) if value else queryset.exclude(duplicate)


def with_listing_data(queryset):
    """Everything a listing row shows, in one query whatever the number of rows."""
    later = ApplicationSubmission.objects.filter(duplicate_of=OuterRef("pk"))
    return queryset.select_related("municipality", "page", "assigned_to").annotate(
        has_later_duplicates=Exists(later)
    )


FIXED_EXPORT_COLUMNS = {
    "reference": gettext_lazy("Referanse"),
    "status_label": gettext_lazy("Status"),
    "municipality_name": gettext_lazy("Kommune"),
    "municipality_number": gettext_lazy("Kommunenummer"),
    "county": gettext_lazy("Fylke"),
    "form_title": gettext_lazy("Skjema"),
    "submit_time": gettext_lazy("Mottatt"),
    "reviewer": gettext_lazy("Saksbehandler"),
    "language": gettext_lazy("Språk"),
    "duplicate_of_reference": gettext_lazy("Mulig duplikat av"),
}
ANSWER_PREFIX = "svar:"

# A cell starting like a formula is run by spreadsheet programs (OWASP: CSV injection), so
# an answer such as «=HYPERLINK(...)» gets a leading apostrophe and is shown as text. Tab
# and carriage return are on OWASP's list as well.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0, and so XLSX, cannot hold: one such character and openpyxl refuses the file.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def spreadsheet_safe(value):
    """A cell value that a spreadsheet shows as written and never runs as a formula."""
    if not isinstance(value, str):
        return value  # numbers and dates are written as such
    value = NOT_IN_XML.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def as_number(value):
    """A number field's answer as a number (so -5 stays a number), or None."""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class ApplicationIndexView(IndexView):
    """The listing, and its export to CSV and XLSX: one column per question of the forms in
    the filtered listing, streamed row by row."""

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
        return TemplateResponse(self.request, self.export_confirm_template_name, {
            "count": paginator.count if paginator else len(context["object_list"]),
            "format_label": self.EXPORT_LABELS[export_format],
            "export_url": self.request.get_full_path(),
            "back_url": f"{self.request.path}?{params.urlencode()}" if params
            else self.request.path,
        })

    def get_base_queryset(self):
        queryset = with_listing_data(super().get_base_queryset())
        # An export of applications selected in the listing (the bulk action «Eksporter»).
        selected = [pk for pk in map(as_id, self.request.GET.getlist("id")) if pk is not None]
        if selected:
            queryset = queryset.filter(pk__in=selected)
        return queryset

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
        from forms.answers import display_value

        types = {q["key"]: q["type"] for q in item.field_labels}
        row = {
            "reference": item.reference,
            "status_label": item.get_status_display(),
            "municipality_name": item.municipality.name if item.municipality else "",
            "municipality_number": item.municipality_id or "",
            "county": item.municipality.county if item.municipality else "",
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
        # Excel in Norwegian opens UTF-8 with a BOM and ";" between columns with æøå intact.
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=";")
        yield "\ufeff".encode() + writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in self.exported(queryset):
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=_("Søknader"))
        worksheet.append([self.get_heading(queryset, field) for field in self.list_export])
        for item in self.exported(queryset):
            worksheet.append(list(self.generate_xlsx_row(worksheet, self.to_row_dict(item),
                                                         date_format="dd.mm.yyyy hh:mm")))
        workbook.save(output)


class ApplicationEditView(EditView):
    """Answers are never edited in the admin; the work happens on the application's page."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("applications:inspect", self.kwargs["pk"])


class ApplicationInspectView(InspectView):
    template_name = "applications/admin/application_inspect.html"
    # Reviewers read an application, not Wagtail's «Inspiser» (inspect) of a snippet.
    page_title = gettext_lazy("Søknad")

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Reading personal data is recorded too, not only changes.
        log(self.object, "forms.application.view", user=request.user)
        return response

    def get_object(self, queryset=None):
        return get_object_or_404(
            with_listing_data(ApplicationSubmission.objects.all()), pk=self.pk
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        context.update(
            {
                "submission": submission,
                "answers": submission.answers(),
                "attachments": submission.attachments.all(),
                "duplicates": ApplicationSubmission.objects.filter(
                    Q(pk=submission.duplicate_of_id) | Q(duplicate_of=submission)
                    | Q(duplicate_of_id=submission.duplicate_of_id, duplicate_of__isnull=False)
                ).exclude(pk=submission.pk).select_related("municipality"),
                "notes": submission.notes.select_related("author"),
                "history": ModelLogEntry.objects.for_instance(submission)
                .exclude(action="forms.application.view").select_related("user")
                .order_by("-timestamp")[:50],
                "status_form": StatusForm(submission=submission),
                "assign_form": AssignForm(initial={"assigned_to": submission.assigned_to_id}),
                "note_form": NoteForm(),
                "reply_letters": submission.reply_letters.select_related("sent_by"),
                "reply_preview": (
                    render_letter(submission) if submission.status in DECISIONS else None
                ),
                "reply_already_sent": already_sent(submission),
            }
        )
        return context


class StatusForm(django_forms.Form):
    status = django_forms.ChoiceField(label=gettext_lazy("Ny status"))

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = submission.allowed_statuses()
        self.fields["status"].choices = [
            (value, label) for value, label in ReviewStatus.choices if value in allowed
        ]


class AssignForm(django_forms.Form):
    assigned_to = StaffChoiceField(
        label=gettext_lazy("Saksbehandler"), queryset=reviewers(), required=False,
        empty_label=gettext_lazy("Ingen"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = reviewers()


class NoteForm(django_forms.Form):
    text = django_forms.CharField(
        label=gettext_lazy("Nytt internt notat"), widget=django_forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


def assign(submission, reviewer, user):
    submission.assigned_to = reviewer
    submission.save(update_fields=["assigned_to"])
    log(
        submission, "forms.application.assign", user=user,
        # The name as it was then; «reviewer» (the user name) stays for older entries' sake.
        data={
            "reviewer": reviewer.get_username() if reviewer else "",
            "reviewer_name": get_user_display_name(reviewer),
        },
    )


class ApplicationViewSet(SnippetViewSet):
    model = ApplicationSubmission
    icon = "form"
    menu_label = gettext_lazy("Søknader")
    menu_name = "applications"
    menu_order = 150
    add_to_admin_menu = True
    url_prefix = "soknader/liste"
    admin_url_namespace = "applications"
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    edit_view_class = ApplicationEditView
    filterset_class = ApplicationFilterSet
    search_fields = ["reference", "municipality__name", "contact_name", "applicant_email"]
    ordering = ["-submit_time"]
    list_per_page = 50
    list_display = [
        TitleColumn("reference", label=gettext_lazy("Referanse"), sort_key="reference",
                    url_name="applications:inspect"),
        Column("municipality", label=gettext_lazy("Kommune"), accessor="municipality.name",
               sort_key="municipality__name"),
        Column("county", label=gettext_lazy("Fylke"), accessor="municipality.county",
               sort_key="municipality__county_number"),
        Column("page", label=gettext_lazy("Skjema"), accessor="page.title"),
        DateColumn("submit_time", label=gettext_lazy("Mottatt"), sort_key="submit_time"),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display",
               sort_key="status"),
        Column("assigned_to", label=gettext_lazy("Saksbehandler"),
               accessor=lambda s: get_user_display_name(s.assigned_to),
               sort_key="assigned_to__first_name"),
        Column("duplicate", label=gettext_lazy("Mulig duplikat"),
               accessor=lambda s: _("Ja") if s.is_possible_duplicate else ""),
    ]

    def register_chooser_viewset(self):
        # No chooser: nothing links to an application, and Wagtail's snippet chooser (with
        # its results and search) lists every reference to anyone in the admin.
        pass

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<str:pk>/status/", self.protect(change_status_view), name="change_status"),
            path("<str:pk>/tildel/", self.protect(assign_view), name="assign"),
            path("<str:pk>/notat/", self.protect(add_note_view), name="add_note"),
            path("<str:pk>/svarbrev/", self.protect(send_reply_view), name="send_reply"),
            path("<str:pk>/trekk-lenke/", self.protect(revoke_link_view), name="revoke_link"),
        ]

    def protect(self, view):
        policy = self.permission_policy

        def wrapped(request, *args, **kwargs):
            from django.core.exceptions import PermissionDenied

            if not policy.user_has_permission(request.user, "change"):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return require_POST(wrapped)


def application_or_404(pk):
    """The application a URL names; «abc» or «²» is no application, not a database error."""
    if as_id(pk) is None:
        raise Http404
    return get_object_or_404(ApplicationSubmission, pk=as_id(pk))


def _inspect_url(submission):
    from django.urls import reverse

    return reverse("applications:inspect", args=[submission.pk])


def change_status_view(request, pk):
    submission = application_or_404(pk)
    form = StatusForm(request.POST, submission=submission)
    if form.is_valid() and submission.change_status(form.cleaned_data["status"], request.user):
        messages.success(
            request, _("Status for %(ref)s er nå «%(status)s».")
            % {"ref": submission.reference, "status": submission.get_status_display()},
        )
    else:
        messages.error(request, _("Denne statusendringen er ikke tillatt."))
    return redirect(_inspect_url(submission))


def assign_view(request, pk):
    submission = application_or_404(pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        assign(submission, form.cleaned_data["assigned_to"], request.user)
        messages.success(request, _("Saksbehandler er oppdatert."))
    else:
        messages.error(request, _("Velg en saksbehandler fra listen."))
    return redirect(_inspect_url(submission))


def add_note_view(request, pk):
    submission = application_or_404(pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        note = ApplicationNote.objects.create(
            submission=submission, author=request.user, text=form.cleaned_data["text"]
        )
        log(submission, "forms.application.note", user=request.user, data={"note": note.pk})
        messages.success(request, _("Notatet er lagret."))
    else:
        messages.error(request, _("Skriv et notat før du lagrer."))
    return redirect(_inspect_url(submission))



def send_reply_view(request, pk):
    submission = application_or_404(pk)
    queued, _skipped = queue_reply_letters(
        [submission], request.user, resend=bool(request.POST.get("resend"))
    )
    if queued:
        messages.success(request, _("Svarbrevet sendes til %(email)s.")
                         % {"email": submission.applicant_email})
    else:
        messages.warning(request, _("Svarbrevet ble ikke sendt: søknaden er ikke avgjort, "
                                    "mangler e-post, eller har allerede fått svarbrev."))
    return redirect(_inspect_url(submission))


def revoke_link_view(request, pk):
    """Stop the applicant's status link from working (e.g. if it was shared by mistake)."""
    submission = application_or_404(pk)
    submission.status_link_revoked = True
    submission.save(update_fields=["status_link_revoked"])
    log(submission, "forms.application.link_revoked", user=request.user)
    messages.success(request, _("Statuslenken virker ikke lenger."))
    return redirect(_inspect_url(submission))
