"""The field types editors can add to an application form, beyond Wagtail's built-in ones."""

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.forms import CharField, ChoiceField, EmailField, FileField, Select
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.forms.forms import BaseForm, FormBuilder, _split_by_newline_or_comma
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES

import phonenumbers
from stdnum.no import orgnr

from .attachments import (
    ALLOWED_EXTENSIONS_TEXT,
    ALLOWED_KINDS,
    detect_kind,
    extension_of,
    max_upload_size,
)
from .headers import validate_applicant_email_domain
from .kept_choices import kept_choices
from .models.municipalities import Municipality
from .partner_municipalities import PartnerMunicipalitiesField, reject_lead_as_partner

APPLICATION_FIELD_CHOICES = (
    *FORM_FIELD_CHOICES,
    ("municipality", _("Kommune")),
    ("partners", _("Samarbeidskommuner")),
    ("orgnr", _("Organisasjonsnummer")),
    ("phone", _("Telefonnummer (norsk)")),
    ("attachment", _("Vedlegg (fil)")),
    ("section", _("Seksjonsoverskrift")),
)

# Suggested `autocomplete` tokens per field type; editors can choose others per field.
DEFAULT_AUTOCOMPLETE = {"email": "email", "phone": "tel", "orgnr": "off"}

# Longest answers, in characters. A long answer is about 1 500 words; the limit keeps one
# application well inside DATA_UPLOAD_MAX_MEMORY_SIZE (website/settings/base.py).
MULTILINE_MAX_LENGTH = 10_000
SINGLELINE_MAX_LENGTH = 255  # as Wagtail's single-line field
NUMBER_MAX_DIGITS = 15  # what a spreadsheet holds exactly

# Characters nobody types and nobody sees: C0 controls but tab and line breaks, DEL, and the
# non-characters U+FFFE/U+FFFF. NUL cannot be stored in PostgreSQL, and none of them may
# be written to an XLSX export. Vertical tab and form feed come with text pasted from Word
# or a PDF, where they end a line.
# Also the bidirectional controls (embeddings and overrides U+202A–U+202E, isolates
# U+2066–U+2069, the marks U+200E, U+200F and U+061C): a right-to-left override makes a
# reference or a name read differently in the admin and in e-mails than it was stored.
INVISIBLE_CHARACTERS = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)
PASTED_LINE_BREAKS = re.compile(r"[\x0b\x0c]")


def without_invisible_characters(text):
    return INVISIBLE_CHARACTERS.sub("", PASTED_LINE_BREAKS.sub("\n", text))


def cleaned_posted_data(data):
    """The posted answers without invisible control characters (see above)."""
    if hasattr(data, "lists"):  # a QueryDict: keep every value of repeated keys
        cleaned = data.copy()
        for key, values in data.lists():
            cleaned.setlist(
                key, [without_invisible_characters(v) if isinstance(v, str) else v for v in values]
            )
        return cleaned
    return {
        key: without_invisible_characters(value) if isinstance(value, str) else value
        for key, value in data.items()
    }


def same_number_of_choices(source_field, translated_field):
    """A translated field's text fits when it offers as many choices as the Norwegian one
    (answers are stored as the Norwegian choice in the same position)."""
    return len(_split_by_newline_or_comma(source_field.choices or "")) == len(
        _split_by_newline_or_comma(translated_field.choices or "")
    )


@lru_cache(maxsize=16)
def options_html(choices):
    """The <option>s of `choices` ((value, label) strings), built once per list and language
    in each process: the list comes from the generation's cache (municipality_choices)."""
    return "".join(
        format_html('\n<option value="{}">{}</option>', value, label) for value, label in choices
    )


def attributes(attrs):
    """As django/forms/widgets/attrs.html writes them, in their order."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


class MunicipalitySelect(Select):
    """357 options built once per process and language, the chosen one marked per request,
    instead of Django's option dicts and a template loop on every render (issue 20). The
    markup is what forms/widgets/municipality_select.html renders (tests pin that)."""

    template_name = "forms/widgets/municipality_select.html"

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        choices = tuple((str(v), str(label)) for v, label in self.choices)
        options = options_html(choices)
        chosen = self.format_value(value)
        for option_value, _label in choices:
            if option_value in chosen:
                marked = format_html('\n<option value="{}"', option_value)
                options = options.replace(marked + ">", marked + " selected>", 1)
                break
        return mark_safe(
            format_html('<select name="{}"', name)
            + attributes(attrs)
            + ">"
            + options
            + "\n</select>"
        )


class MunicipalityField(ChoiceField):
    """One of Norway's municipalities, stored by its kommunenummer."""

    widget = MunicipalitySelect

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Velg en kommune fra listen.")},
        )
        # Not a callable: Django would query again each time it is iterated (validation,
        # rendering, the error summary).
        super().__init__(*args, choices=self.municipality_choices(), **kwargs)

    @staticmethod
    def municipality_choices():
        # The list changes only by migration: read once per content generation.
        return kept_choices("municipality-choices", read_municipality_choices)


def read_municipality_choices():
    municipalities = Municipality.objects.with_shared_names()
    return [("", _("Velg kommune")), *((m.number, m.display_name) for m in municipalities)]


class OrganisationNumberField(CharField):
    """A Norwegian organisation number: nine digits with a valid MOD11 check digit."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        compact = orgnr.compact(value)
        if not compact.isdigit() or len(compact) != 9:
            raise ValidationError(
                _("Organisasjonsnummeret skal ha ni sifre, for eksempel 974 760 673."),
                code="invalid",
            )
        if not orgnr.is_valid(compact):
            raise ValidationError(
                _("Dette er ikke et gyldig organisasjonsnummer. Sjekk at sifrene er riktige."),
                code="checksum",
            )
        return compact


class NorwegianPhoneField(CharField):
    """A Norwegian phone number in any usual form (+47, 0047, spaces), stored as +47XXXXXXXX."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            number = phonenumbers.parse(value, "NO")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or number.country_code != 47 or not phonenumbers.is_valid_number(number):
            raise ValidationError(
                _("Skriv et norsk telefonnummer med åtte sifre, for eksempel 22 00 00 00."),
                code="invalid",
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class ApplicantEmailField(EmailField):
    """An e-mail address the site may send a receipt to: on a domain name, not an IP address
    or this machine (see forms/headers.py)."""

    def run_validators(self, value):
        # Before Django's own check, so «a@127.0.0.1» gets this message and not two.
        validate_applicant_email_domain(value)
        super().run_validators(value)


class AttachmentField(FileField):
    """One file of an allowed kind and size, checked by its content."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded:
            return uploaded
        limit = max_upload_size()
        if uploaded.size > limit:
            raise ValidationError(
                _("Filen er for stor (%(size)s). Største tillatte størrelse er %(limit)s.")
                % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        kind = detect_kind(uploaded)
        if kind is None or extension_of(uploaded.name) not in ALLOWED_KINDS[kind]["extensions"]:
            raise ValidationError(
                _("Filtypen er ikke tillatt. Last opp en fil av typen %(types)s.")
                % {"types": ALLOWED_EXTENSIONS_TEXT},
                code="file_type",
            )
        uploaded.detected_content_type = ALLOWED_KINDS[kind]["content_type"]
        return uploaded


class ApplicationForm(BaseForm):
    """A built form that knows its section headings, so templates can group fields in
    fieldsets, and that gives every error message in Norwegian."""

    sections = ()

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = cleaned_posted_data(data)
        super().__init__(data, *args, **kwargs)

    def grouped_fields(self):
        """[(section or None, [bound fields])] in the editor's order."""
        groups = [(None, [])]
        for item in self.layout:
            if isinstance(item, dict):
                groups.append((item, []))
            else:
                groups[-1][1].append(self[item])
        return [(section, fields) for section, fields in groups if section or fields]

    def clean(self):
        cleaned_data = super().clean()
        reject_lead_as_partner(self, MunicipalityField)
        return cleaned_data


class ApplicationFormBuilder(FormBuilder):
    def __init__(self, fields):
        super().__init__(fields)
        self.layout = []

    @property
    def formfields(self):
        formfields = {}
        self.layout = []
        for field in self.fields:
            clean_name = field.clean_name or field.get_field_clean_name()
            if field.field_type == "section":
                self.layout.append(
                    {"key": clean_name, "heading": field.label, "help_text": field.help_text}
                )
                continue
            options = self.get_field_options(field)
            form_field = self.get_create_field_function(field.field_type)(field, options)
            form_field.error_messages["required"] = (
                _("Kryss av her for å bekrefte.")
                if field.field_type == "checkbox"
                else _("Velg minst ett alternativ.")
                if field.field_type in ("checkboxes", "multiselect", "partners")
                else _("Velg et alternativ.")
                if field.field_type in ("dropdown", "radio", "municipality")
                else _("Velg en fil.")
                if field.field_type == "attachment"
                else _("Fyll ut feltet.")
            )
            form_field.error_messages["max_length"] = _(
                "Svaret er for langt: %(show_value)d tegn. Det kan være høyst %(limit_value)d tegn."
            )
            autocomplete = field.autocomplete or DEFAULT_AUTOCOMPLETE.get(field.field_type)
            if autocomplete:
                form_field.widget.attrs["autocomplete"] = autocomplete
            formfields[clean_name] = form_field
            self.layout.append(clean_name)
        return formfields

    def get_form_class(self):
        form_class = type("ApplicationPageForm", (ApplicationForm,), self.formfields)
        form_class.layout = self.layout
        return form_class

    def create_multiline_field(self, field, options):
        options["max_length"] = MULTILINE_MAX_LENGTH
        field_ = super().create_multiline_field(field, options)
        # No maxlength attribute: the browser would silently cut pasted text; the server
        # says instead how long the answer is, and keeps all of it in the field.
        field_.widget.attrs.pop("maxlength", None)
        return field_

    def create_hidden_field(self, field, options):
        options["max_length"] = SINGLELINE_MAX_LENGTH
        return super().create_hidden_field(field, options)

    def create_municipality_field(self, field, options):
        return MunicipalityField(**options)

    def create_partners_field(self, field, options):
        options.pop("initial", None)
        return PartnerMunicipalitiesField(**options)

    def create_orgnr_field(self, field, options):
        options.setdefault("max_length", 20)
        field_ = OrganisationNumberField(**options)
        field_.widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})
        return field_

    def create_phone_field(self, field, options):
        options.setdefault("max_length", 20)
        field_ = NorwegianPhoneField(**options)
        field_.widget.input_type = "tel"
        return field_

    def create_attachment_field(self, field, options):
        options.pop("initial", None)
        field_ = AttachmentField(**options)
        field_.widget.attrs["accept"] = ",".join(
            sorted(f".{ext}" for kind in ALLOWED_KINDS.values() for ext in kind["extensions"])
        )
        return field_

    def create_email_field(self, field, options):
        field_ = ApplicantEmailField(**options)
        field_.error_messages["invalid"] = _(
            "Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."
        )
        return field_

    def create_number_field(self, field, options):
        options["max_digits"] = NUMBER_MAX_DIGITS
        field_ = super().create_number_field(field, options)
        field_.error_messages["invalid"] = _("Skriv et tall.")
        field_.error_messages["max_digits"] = _("Skriv et tall med høyst %(max)s sifre.")
        return field_

    def create_date_field(self, field, options):
        field_ = super().create_date_field(field, options)
        field_.error_messages["invalid"] = _("Skriv en gyldig dato, for eksempel 13.04.2026.")
        return field_
