"""The field type «Samarbeidskommuner»: the other municipalities of a joint application."""

from django.forms import CheckboxSelectMultiple, MultipleChoiceField, Widget
from django.utils.translation import gettext_lazy as _

from .kept_choices import kept_choices
from .models.municipalities import Municipality

LEAD_AS_PARTNER = _("Samarbeidskommunene kan ikke omfatte søkerkommunen.")


class PartnerMunicipalitiesWidget(CheckboxSelectMultiple):
    """Checkboxes per county, each county folded in a <details> that tells how many are
    chosen: 357 municipalities stay usable without JavaScript, by keyboard and screen reader."""

    template_name = "forms/widgets/partner_municipalities.html"

    def get_context(self, name, value, attrs):
        # Not ChoiceWidget's context: its 357 option dicts are not what the template reads.
        context = Widget.get_context(self, name, value, attrs)
        chosen = {str(v) for v in value or ()}
        id_ = context["widget"]["attrs"].get("id") or f"id_{name}"
        counties, index = [], 0
        for county, options in self.choices:
            boxes = []
            for number, label in options:
                # Numbered in one run, so the error summary's link to «<id>_0» finds the first.
                boxes.append(
                    {
                        "value": number,
                        "label": label,
                        "id": f"{id_}_{index}",
                        "checked": number in chosen,
                    }
                )
                index += 1
            picked = sum(box["checked"] for box in boxes)
            counties.append({"name": county, "options": boxes, "chosen": picked})
        context["widget"]["counties"] = counties
        return context


class PartnerMunicipalitiesField(MultipleChoiceField):
    """The other municipalities of a joint application, stored by their kommunenummer."""

    widget = PartnerMunicipalitiesWidget

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Velg kommuner fra listen.")},
        )
        super().__init__(*args, choices=self.choices_by_county(), **kwargs)

    @staticmethod
    def choices_by_county():
        # The list changes only by migration: read once per content generation.
        return kept_choices("partner-municipality-choices", read_choices_by_county)


def read_choices_by_county():
    counties = {}
    for municipality in Municipality.objects.order_by("county_number", "name", "number"):
        counties.setdefault(municipality.county, []).append(
            (municipality.number, municipality.name)
        )
    return list(counties.items())


def reject_lead_as_partner(form, lead_field_class):
    """An error on each partner field of the bound form that names the lead municipality
    (the applicant itself, a field of `lead_field_class`)."""
    cleaned_data = form.cleaned_data
    # A step's form keeps only its step's fields (forms/steps.py), and the lead
    # municipality may be on another step: then its answer is read from the data.
    leads = {
        cleaned_data.get(key) if key in form.fields else form.data.get(form.add_prefix(key))
        for key, field in form.base_fields.items()
        if isinstance(field, lead_field_class)
    } - {None, ""}
    for key, field in form.fields.items():
        if isinstance(field, PartnerMunicipalitiesField) and leads & set(
            cleaned_data.get(key) or ()
        ):
            form.add_error(key, LEAD_AS_PARTNER)
