"""The application form page: its texts, addresses, fields and reply letters, and the
program whose window it follows."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm
from wagtail.fields import RichTextField
from wagtail.models import Locale
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.routing import KeptViewRestrictionsMixin
from program.application_window import WindowState, WindowStatus
from program.synchronised_facts import default_locale_id, live_source, translated_rows

from ..fields import ApplicationFormBuilder, same_number_of_choices
from ..form_kinds import FormKind
from ..headers import has_line_break, invalid_addresses, is_valid_address, one_line
from ..intake_guards import HONEYPOT_FIELD, TOKEN_FIELD, FormToken
from ..page_forms import RECIPIENT_FIELDS, ApplicationFormPageForm
from ..page_routes import ApplicationFormRoutes
from ..panels import ApplicationsLinkPanel, RecipientFieldPanel, ReviewerInlinePanel
from ..steps import STEP_PARAMETER, form_steps, step_form, with_declaration
from .follow_up import (
    FOLLOW_UP_PANELS,
    SYNCHRONISED_FOLLOW_UP_FIELDS,
    FollowUpSettings,
)
from .form_fields import ApplicationFormField
from .reply_letter_texts import DECISION_CHOICES, ReplyLetterText
from .submissions import ApplicationSubmission

REPORT_FORM_STATUS = WindowStatus(WindowState.OPEN, opens=None, closes=None, days_left=None)


class ApplicationFormPage(
    ApplicationFormRoutes, KeptViewRestrictionsMixin, FollowUpSettings, AbstractEmailForm
):
    """The application form of a program. Its window is the program's: one source of truth.
    Under it may sit its report form (the same page type, form_kind «rapport») and the
    round's published results (applications.ResultsPage, named here without importing it)."""

    template = "forms/application_form_page.html"
    landing_page_template = "forms/application_form_page_landing.html"
    parent_page_types = ["program.ProgramPage", "forms.ApplicationFormPage"]
    search_kind = _("Søknadsskjema")  # what a search result calls it (home/search.py)
    subpage_types = ["forms.ApplicationFormPage", "applications.ResultsPage"]
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
            "Står først i e-posten til søkeren, før referansenummeret og lenken til statussiden."
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

    # Confirmed by a required checkbox before sending (on the summary, or on a one-page form).
    declaration = models.TextField(
        _("erklæring"),
        blank=True,
        help_text=_(
            "Valgfritt. For eksempel «Jeg bekrefter at opplysningene er riktige og at "
            "kommunen står bak søknaden». Søkeren må krysse av for den før søknaden sendes."
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
        FieldPanel("declaration"),
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
        ReviewerInlinePanel(
            "assessment_criteria",
            heading=_("Vurderingskriterier"),
            label=_("Kriterium"),
            help_text=_(
                "Hva fagvurdererne gir score for. Bare søknadsbehandlere kan endre kriteriene."
            ),
        ),
        InlinePanel(
            "reply_letter_texts",
            heading=_("Svarbrev"),
            label=_("Svarbrev"),
            min_num=len(DECISION_CHOICES),
            max_num=len(DECISION_CHOICES),
            help_text=_(
                "Du kan bruke {kommune}, {kontaktperson}, {program}, {referanse}, "
                "{mottatt}, {svardato}, {programstart}, {programslutt} og {akseptfrist}."
            ),
        ),
        *FOLLOW_UP_PANELS,
    ]

    search_fields = [*AbstractEmailForm.search_fields, index.SearchField("intro")]

    # Staff addresses and the prefix are the same for every language. A translator cannot
    # override the addresses: only reviewers may say where applications are announced.
    override_translatable_fields = [
        SynchronizedField("retention_months"),
        SynchronizedField("reference_prefix"),
        SynchronizedField("to_address", overridable=False),
        SynchronizedField("from_address", overridable=False),
        *SYNCHRONISED_FOLLOW_UP_FIELDS,
    ]

    class Meta:
        verbose_name = _("søknadsskjema")
        verbose_name_plural = _("søknadsskjema")

    # Fields that end up in an e-mail's header: a line break there makes every e-mail fail.
    # (The reply letters' subjects are checked by ReplyLetterText.clean.)
    SUBJECT_FIELDS = ("subject",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new page starts with a letter per decision; a page loaded or copied has its own.
        if not args and self.pk is None and "reply_letter_texts" not in kwargs:
            self.reply_letter_texts = ReplyLetterText.defaults()

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
        errors = {}
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
        if isinstance(program, ApplicationFormPage):
            return program.program  # a report form: its application form's program
        # A translated form keeps the window its Norwegian program has now.
        if hasattr(program, "use_source_facts"):
            program.use_source_facts()
        return program

    @property
    def application_window(self):
        if self.is_report_form:
            return None  # a report form takes no window: its link is the way in
        return getattr(self.program, "application_window", None)

    def application_status(self, now=None):
        if self.is_report_form:
            # Open to whoever came by a granted application's link (forms/reports.py); the
            # box above the form shows the report's due date instead of a window.
            return REPORT_FORM_STATUS
        window = self.application_window
        return window.status(now) if window else None

    def get_sitemap_urls(self, request=None):
        # A report form is reached only by a granted application's link.
        return [] if self.is_report_form else super().get_sitemap_urls(request)

    @classmethod
    def get_indexed_objects(cls):
        # Report forms stay out of the site search, as out of the sitemap.
        return super().get_indexed_objects().exclude(form_kind=FormKind.REPORT)

    def embedded_form_context(self, request):
        """What the form needs when another page shows it (home.blocks.ApplicationFormBlock).
        It posts to this page, so the window, the checks and the confirmation stay here. A
        form with section headings shows its first step, and goes on step by step here."""
        context = {
            "form_page": self,
            "form_token": FormToken.new().dumps(),
            "token_field": TOKEN_FIELD,
            "honeypot_field": HONEYPOT_FIELD,
            "application_status": self.application_status(),
        }
        fields = list(self.get_form_fields())
        if steps := form_steps(fields):
            context.update(
                form=step_form(self, fields, steps[0]),
                steps=steps,
                step=steps[0],
                step_count=len(steps),
                step_parameter=STEP_PARAMETER,
            )
        else:
            user = getattr(request, "user", None)
            context["form"] = with_declaration(self, self.get_form(page=self, user=user))
        return context

    # Free text that may mention the program's dates, checked on save (program/wagtail_hooks.py)
    DATED_TEXT_FIELDS = ("intro", "thank_you_text", "receipt_text", "contact_text")

    def dated_texts(self):
        """(field name, text) of the page's texts and its reply letters' bodies."""
        return [
            *(
                (self._meta.get_field(name).verbose_name, getattr(self, name))
                for name in self.DATED_TEXT_FIELDS
            ),
            *(
                (
                    _("svarbrev, %(decision)s")
                    % {"decision": letter.get_decision_display().lower()},
                    letter.body,
                )
                for letter in self.reply_letter_texts.all()
            ),
        ]

    def reply_letter_text(self, decision):
        """This page's letter for a decision; else the Norwegian page's, else the default."""
        for page in (self, self.source_page):
            for letter in page.reply_letter_texts.all():
                if letter.decision == decision:
                    return letter
        return next(letter for letter in ReplyLetterText.defaults() if letter.decision == decision)

    def date_spans(self):
        spans = getattr(self.program, "date_spans", None)
        return spans() if spans else []

    def retention_deadline(self):
        """The last day applications to this form keep personal data, or None if unknown."""
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
        default = default_locale_id()  # from the generation's cache: no query per request
        if self.locale_id == default:
            return self
        if self.fact_source is not self:
            return self.fact_source  # the live Norwegian page, read once for both
        return self.get_translations().filter(locale_id=default).first() or self

    @cached_property
    def fact_source(self):
        """The live Norwegian form whose fields' types and rules this form enforces."""
        return live_source(self, ApplicationFormPage.objects.all())

    def get_form_fields(self):
        """The Norwegian form's fields (which, in what order, of what type, required or
        not) with this form's labels, help texts and choices, when their number fits."""
        if self.fact_source is self:
            # Asked several times per request (steps or one page, the form, the answers):
            # the evaluated queryset is kept, so the rows are read once per page object.
            if "_form_fields_read" not in self.__dict__:
                rows = self.form_fields.all()
                len(rows)
                self.__dict__["_form_fields_read"] = rows
            return self.__dict__["_form_fields_read"]
        return translated_rows(
            self,
            self.fact_source,
            "form_fields",
            ApplicationFormField.TEXT_FIELDS,
            keep=same_number_of_choices,
        )

    def get_submissions(self):
        return ApplicationSubmission.objects.filter(page=self.source_page)

    @classmethod
    def rounds(cls):
        """The Norwegian application forms, one round each: their report forms are not."""
        return cls.objects.filter(locale=Locale.get_default(), form_kind=FormKind.APPLICATION)
