"""A field of an application form, as the editor adds it on the form page."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.forms.models import AbstractFormField
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from ..fields import APPLICATION_FIELD_CHOICES

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
