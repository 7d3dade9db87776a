"""Answers as people read them: in the receipt, the staff notification and the admin."""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from wagtail.contrib.forms.forms import _split_by_newline_or_comma

from .models.municipalities import Municipality

CHOICE_TYPES = {"dropdown", "radio", "checkboxes", "multiselect"}


def field_snapshot(page):
    """The form's questions as the applicant sees them now, kept with each application."""
    return [
        {"key": field.clean_name, "label": field.label, "type": field.field_type}
        for field in page.get_form_fields()
    ]


def display_value(field_type, value):
    if value in (None, "", []):
        return "–"
    if field_type == "municipality":
        municipality = Municipality.objects.filter(number=value).first()
        return f"{municipality.name} ({municipality.number})" if municipality else value
    if field_type == "partners" and isinstance(value, list):
        names = dict(Municipality.objects.filter(number__in=value).values_list("number", "name"))
        return ", ".join(f"{names[n]} ({n})" if n in names else str(n) for n in value)
    if isinstance(value, bool) or field_type == "checkbox":
        return _("Ja") if value else _("Nei")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field_type == "date" and isinstance(value, str):
        try:
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    return str(value)


def grouped_answers(submission, labels=None):
    """[(section heading or None, [(label, value)])], by the questions the applicant saw.

    `labels` ({key: label}) puts the questions in another language, e.g. for a receipt to an
    applicant who used the English form; questions it lacks keep their stored label.
    """
    labels = labels or {}
    groups = [(None, [])]
    for question in submission.field_labels:
        label = labels.get(question["key"], question["label"])
        if question["type"] == "section":
            groups.append((label, []))
            continue
        value = submission.form_data.get(question["key"])
        groups[-1][1].append((label, display_value(question["type"], value)))
    return [(heading, rows) for heading, rows in groups if rows]


def source_language_answers(page, source, cleaned_data):
    """Answers to store. A translated form's choices are stored as the Norwegian option in the
    same position, so every application is comparable whatever language it came in."""
    answers = {}
    source_fields = {f.clean_name: f for f in source.get_form_fields()}
    for field in page.get_form_fields():
        key = field.clean_name
        if field.field_type == "section" or key not in cleaned_data:
            continue
        value = cleaned_data[key]
        if field.field_type == "attachment":
            value = value.name if value else ""
        elif field.field_type in CHOICE_TYPES and page.pk != source.pk and key in source_fields:
            value = _to_source_choices(field, source_fields[key], value)
        answers[key] = value
    return answers


def _choices(field):
    return _split_by_newline_or_comma(field.choices)


def _to_source_choices(field, source_field, value):
    translated, original = _choices(field), _choices(source_field)
    mapping = dict(zip(translated, original, strict=False))
    if isinstance(value, list):
        return [mapping.get(item, item) for item in value]
    return mapping.get(value, value)
