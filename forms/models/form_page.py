"""The application form page and its fields."""


from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
)
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from program.synchronised_facts import live_source, translated_rows

from ..fields import APPLICATION_FIELD_CHOICES, ApplicationFormBuilder, same_number_of_choices
from ..headers import has_line_break, invalid_addresses, is_valid_address, one_line
from ..letter_texts import placeholder_errors
from ..page_forms import RECIPIENT_FIELDS, ApplicationFormPageForm
from ..panels import ApplicationsLinkPanel, RecipientFieldPanel
from .submissions import ApplicationSubmission

AUTOCOMPLETE_CHOICES = [
    ("", _("Ingen")),
    ("name", _("Navn")),
    ("given-name", _("Fornavn")),
    ("family-name", _("Etternavn")),
    ("email", _("E-post")),
    ("tel", _("Telefon")),
    ("organization", _("Organisasjon")),
    ("organization-title", _("Stilling")),
    ("street-address", _("Adresse")),
    ("postal-code", _("Postnummer")),
    ("off", _("Av (ikke fyll ut automatisk)")),
]



class ApplicationFormField(TranslatableMixin, AbstractFormField):
    """A field of an application form.

    Its storage key (`clean_name`) is made once, when the field is created, from the label
    and a code unique to the field: renaming, reordering or removing fields later never
    moves stored answers to another field. Translations share the key.
    """

    page = ParentalKey("ApplicationFormPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        verbose_name=_("felttype"), max_length=16, choices=APPLICATION_FIELD_CHOICES
    )
    autocomplete = models.CharField(
        _("autofyll"),
        max_length=40,
        blank=True,
        choices=AUTOCOMPLETE_CHOICES,
        help_text=_("Hjelper nettleseren å fylle ut feltet, for eksempel navn eller e-post."),
    )
    is_applicant_email = models.BooleanField(
        _("send kvittering hit"),
        default=False,
        help_text=_("Kryss av på e-postfeltet som kvitteringen til søkeren skal sendes til."),
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("field_type")]),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("required"), FieldPanel("autocomplete")]),
        FieldPanel("choices"),
        FieldPanel("default_value"),
        FieldPanel("is_applicant_email"),
    ]

    # What a translator writes; the rest is read from the Norwegian field when shown.
    TEXT_FIELDS = ("label", "help_text", "choices", "default_value")

    # The key and the kind of field stay the same in every language.
    override_translatable_fields = [
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
    ]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("skjemafelt")
        verbose_name_plural = _("skjemafelt")

    def get_field_clean_name(self):
        base = get_field_clean_name(self.label)[:48].strip("_") or "felt"
        return f"{base}_{self.translation_key.hex[:6]}"

    def clean(self):
        super().clean()
        if self.is_applicant_email and self.field_type != "email":
            raise ValidationError(
                {"is_applicant_email": _("Kvitteringen kan bare sendes til et e-postfelt.")}
            )


class ApplicationFormPage(RoutablePageMixin, AbstractEmailForm):
    """The application form of a program. Its window is the program's: one source of truth."""

    template = "forms/application_form_page.html"
    landing_page_template = "forms/application_form_page_landing.html"
    parent_page_types = ["program.ProgramPage"]
    subpage_types = []
    max_count_per_parent = 1
    form_builder = ApplicationFormBuilder
    base_form_class = ApplicationFormPageForm

    intro = RichTextField(_("innledning"), features=["bold", "italic", "link", "ul"], blank=True)
    reference_prefix = models.CharField(
        _("prefiks for referansenummer"),
        max_length=10,
        default="SOK",
        help_text=_("Store bokstaver, for eksempel VKU. Referansene blir VKU-2026-0001."),
    )
    thank_you_text = RichTextField(
        _("tekst på bekreftelsessiden"),
        features=["bold", "italic", "link", "ul"],
        blank=True,
        help_text=_("Vises sammen med referansenummeret når søknaden er sendt."),
    )
    receipt_text = models.TextField(
        _("tekst i kvitteringen på e-post"),
        blank=True,
        help_text=_(
            "Står først i e-posten til søkeren, før referansenummeret og lenken til "
            "statussiden."
        ),
    )
    # Reply letters (svarbrev), one per decision
    reply_granted_subject = models.CharField(
        _("emne, innvilget"), max_length=200,
        default="Svar på søknad {referanse}: {program}",
    )
    reply_granted_body = models.TextField(
        _("svarbrev, innvilget"),
        default=(
            "Hei {kontaktperson},\n\nVi er glade for å kunne fortelle at {kommune} er tatt opp i "
            "{program}. Veileder fra Kulturskolerådet tar kontakt med kommunen.\n\n"
            "Referanse: {referanse}\n\nVennlig hilsen\nKulturskolerådet"
        ),
    )
    reply_rejected_subject = models.CharField(
        _("emne, avslått"), max_length=200, default="Svar på søknad {referanse}: {program}",
    )
    reply_rejected_body = models.TextField(
        _("svarbrev, avslått"),
        default=(
            "Hei {kontaktperson},\n\nTakk for søknaden fra {kommune} til {program}. Vi har "
            "dessverre ikke plass til alle, og kommunen har ikke fått plass denne gangen.\n\n"
            "Referanse: {referanse}\n\nVennlig hilsen\nKulturskolerådet"
        ),
    )
    reply_waitlisted_subject = models.CharField(
        _("emne, venteliste"), max_length=200, default="Svar på søknad {referanse}: {program}",
    )
    reply_waitlisted_body = models.TextField(
        _("svarbrev, venteliste"),
        default=(
            "Hei {kontaktperson},\n\nTakk for søknaden fra {kommune} til {program}. Kommunen "
            "står på venteliste, og vi gir beskjed så snart vi vet om det blir plass.\n\n"
            "Referanse: {referanse}\n\nVennlig hilsen\nKulturskolerådet"
        ),
    )

    retention_months = models.PositiveSmallIntegerField(
        _("lagringstid i måneder"),
        default=12,
        help_text=_(
            "Hvor lenge etter at programmet slutter søknadene beholdes. Deretter slettes "
            "vedleggene og personopplysningene; tall til statistikk blir igjen."
        ),
    )

    contact_text = models.CharField(
        _("kontakt ved spørsmål"),
        max_length=250,
        blank=True,
        help_text=_("For eksempel «Spørsmål? Skriv til post@kulturskoleradet.no»."),
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        ApplicationsLinkPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Skjemafelt"), label=_("Felt")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("reference_prefix"),
                FieldPanel("retention_months"),
                FieldPanel("receipt_text"),
                FieldPanel("contact_text"),
            ],
            heading=_("Kvittering"),
        ),
        MultiFieldPanel(
            [
                RecipientFieldPanel("to_address"),
                RecipientFieldPanel("from_address"),
                FieldPanel("subject"),
            ],
            heading=_("Varsel til saksbehandlerne"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("reply_granted_subject"),
                FieldPanel("reply_granted_body"),
                FieldPanel("reply_rejected_subject"),
                FieldPanel("reply_rejected_body"),
                FieldPanel("reply_waitlisted_subject"),
                FieldPanel("reply_waitlisted_body"),
            ],
            heading=_("Svarbrev"),
            help_text=_(
                "Du kan bruke {kommune}, {kontaktperson}, {program}, {referanse}, "
                "{mottatt}, {svardato}, {programstart} og {programslutt}."
            ),
        ),
    ]

    search_fields = [*AbstractEmailForm.search_fields, index.SearchField("intro")]

    # Staff addresses and the prefix are the same for every language. A translator cannot
    # override the addresses: only reviewers may say where applications are announced.
    override_translatable_fields = [
        SynchronizedField("retention_months"),
        SynchronizedField("reference_prefix"),
        SynchronizedField("to_address", overridable=False),
        SynchronizedField("from_address", overridable=False),
    ]

    class Meta:
        verbose_name = _("søknadsskjema")
        verbose_name_plural = _("søknadsskjema")

    # Fields that end up in an e-mail's header: a line break there makes every e-mail fail.
    SUBJECT_FIELDS = (
        "subject", "reply_granted_subject", "reply_rejected_subject", "reply_waitlisted_subject",
    )

    def clean_fields(self, exclude=None):
        # The addresses are checked here instead of by Django's and Wagtail's validators,
        # with one Norwegian message each; skipped, like any field, when the form leaves
        # them out (a user who may not change them).
        exclude = set(exclude or ())
        errors = {}
        try:
            super().clean_fields(exclude=exclude | set(RECIPIENT_FIELDS))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for name, message in self.address_errors().items():
            if name not in exclude:
                errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)

    def address_errors(self):
        errors = {}
        for name in RECIPIENT_FIELDS:
            value = getattr(self, name) or ""
            if len(value) > self._meta.get_field(name).max_length:
                errors[name] = _("Adressen er for lang.")
        if self.from_address and not is_valid_address(self.from_address):
            errors["from_address"] = _(
                "Skriv én gyldig e-postadresse, for eksempel post@kulturskoleradet.no."
            )
        invalid = invalid_addresses(self.to_address) if self.to_address else []
        if invalid:
            errors["to_address"] = _(
                "Ugyldig adresse: %(addresses)s. Skriv gyldige e-postadresser, skilt med komma."
            ) % {"addresses": ", ".join(f"«{one_line(a)}»" for a in invalid)}
        return errors

    def clean(self):
        super().clean()
        errors = placeholder_errors(self)
        for name in self.SUBJECT_FIELDS:
            if has_line_break(getattr(self, name)):
                errors.setdefault(name, _("Emnet må stå på én linje, uten linjeskift."))
        if errors:
            raise ValidationError(errors)
        prefix = (self.reference_prefix or "").strip().upper()
        if not prefix.isalpha() or not prefix.isascii():
            raise ValidationError(
                {"reference_prefix": _("Bruk bare bokstavene A–Z, for eksempel VKU.")}
            )
        self.reference_prefix = prefix

    def get_submission_class(self):
        return ApplicationSubmission

    # The program this form belongs to, and its window

    @cached_property
    def program(self):
        parent = self.get_parent()
        if parent is None:
            return None
        program = parent.specific
        # A translated form keeps the window its Norwegian program has now.
        if hasattr(program, "use_source_facts"):
            program.use_source_facts()
        return program

    @property
    def application_window(self):
        return getattr(self.program, "application_window", None)

    def application_status(self, now=None):
        window = self.application_window
        return window.status(now) if window else None

    # Free text that may mention the program's dates, checked on save (program/wagtail_hooks.py)
    DATED_TEXT_FIELDS = (
        "intro", "thank_you_text", "receipt_text", "contact_text",
        "reply_granted_body", "reply_rejected_body", "reply_waitlisted_body",
    )

    def dated_texts(self):
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.DATED_TEXT_FIELDS
        ]

    def date_spans(self):
        spans = getattr(self.program, "date_spans", None)
        return spans() if spans else []

    def retention_deadline(self):
        """The last day applications to this form keep personal data, or None if unknown."""
        import calendar
        import datetime

        end = getattr(self.program, "program_end", None)
        if end is None:
            return None
        month_index = end.month - 1 + self.retention_months
        year, month = end.year + month_index // 12, month_index % 12 + 1
        day = min(end.day, calendar.monthrange(year, month)[1])
        return datetime.date(year, month, day)

    @cached_property
    def source_page(self):
        """The Norwegian page: answers from every language are stored against it."""
        if self.locale_id == Locale.get_default().pk:
            return self
        return self.get_translation_or_none(Locale.get_default()) or self

    @cached_property
    def fact_source(self):
        """The live Norwegian form whose fields' types and rules this form enforces."""
        return live_source(self, ApplicationFormPage.objects.all())

    def get_form_fields(self):
        """The Norwegian form's fields (which, in what order, of what type, required or
        not) with this form's labels, help texts and choices, when their number fits."""
        if self.fact_source is self:
            return self.form_fields.all()
        return translated_rows(
            self, self.fact_source, "form_fields", ApplicationFormField.TEXT_FIELDS,
            keep=same_number_of_choices,
        )

    def get_submissions(self):
        return ApplicationSubmission.objects.filter(page=self.source_page)

    # Receipts and status pages are personal, and the form holds a CSRF token.
    serve_from_cache = False

    # Serving: the form itself, and the confirmation after a redirect (so a reload cannot
    # send the application twice). The logic lives in submission.py.

    @path("")
    def form_view(self, request):
        from ..submission import serve_form

        return serve_form(self, request)

    @path("status/<str:token>/<str:signature>/", name="application_status")
    def application_status_view(self, request, token, signature):
        from ..status_page import serve_status_page

        return serve_status_page(self, request, token, signature)

    @path("kvittering/<str:token>/", name="confirmation")
    def confirmation_view(self, request, token):
        from ..submission import serve_confirmation

        return serve_confirmation(self, request, token)
