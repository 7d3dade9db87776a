"""The fuzzed form: one field of every type, valid answers for it, and what a stored
application must look like."""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlencode

from django.core.validators import validate_email

from stdnum.no import orgnr

from forms.intake_guards import TOKEN_FIELD, FormToken
from forms.models import ApplicationSubmission

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# One field of every type an editor can add: (key, label, type, options).
FIELDS = [
    ("section", "Kommunen", "section", {}),
    ("municipality", "Kommune", "municipality", {}),
    ("orgnr", "Organisasjonsnummer", "orgnr", {}),
    ("name", "Navn", "singleline", {"autocomplete": "name"}),
    ("role", "Stilling", "singleline", {"required": False}),
    ("email", "E-post", "email", {"is_applicant_email": True}),
    ("phone", "Telefon", "phone", {}),
    ("why", "Hvorfor søker dere?", "multiline", {}),
    ("students", "Antall elever", "number", {}),
    ("start", "Ønsket oppstart", "date", {}),
    ("arts", "Kunstfag", "checkboxes", {"choices": "Musikk\nDans\nTeater"}),
    ("size", "Størrelse", "dropdown", {"choices": "Under 100\n100–500\nOver 500"}),
    ("region", "Landsdel", "radio", {"choices": "Nord\nMidt\nSør"}),
    ("commitment", "Vi stiller med en kommunegruppe.", "checkbox", {}),
    ("website", "Nettside", "url", {"required": False}),
    ("meeting", "Møtetidspunkt", "datetime", {"required": False}),
    ("languages", "Målform", "multiselect", {"choices": "Bokmål, Nynorsk", "required": False}),
    ("source", "Kilde", "hidden", {"required": False}),
    ("attachment", "Vedlegg", "attachment", {"required": False}),
]
FIELD_TYPES = {key: field_type for key, _label, field_type, _options in FIELDS}
CHOICES = {
    "arts": ["Musikk", "Dans", "Teater"],
    "size": ["Under 100", "100–500", "Over 500"],
    "region": ["Nord", "Midt", "Sør"],
    "languages": ["Bokmål", "Nynorsk"],
}
VALID = {
    "municipality": "4601",
    "orgnr": "974 760 673",
    "name": "Kari Nordmann",
    "email": "kari@bergen.kommune.no",
    "phone": "55 56 55 60",
    "why": "Vi vil bygge et profesjonsfellesskap.",
    "students": "250",
    "start": "01.08.2026",
    "arts": ["Musikk", "Dans"],
    "size": "100–500",
    "region": "Nord",
    "commitment": "on",
}


def named(keys, answers):
    """Answers by our short names → answers by the form's storage keys."""
    return {keys.get(name, name): value for name, value in answers.items()}


def post_form(client, page, data, token=True, content_type=None):
    data = dict(data)
    if token:
        data[TOKEN_FIELD] = FormToken.new().dumps()
    if content_type == "urlencoded":
        return client.post(
            page.url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded"
        )
    return client.post(page.url, data)


def stored_pks():
    return set(ApplicationSubmission.objects.values_list("pk", flat=True))


# What a stored application must look like


def assert_valid_application(submission, keys):
    """Every stored answer has the shape its field promises, and nothing else is stored."""
    data = submission.form_data
    stored_keys = {keys[name] for name, _, field_type, _ in FIELDS if field_type != "section"}
    assert set(data) == stored_keys
    options = {key: opts for key, _label, _type, opts in FIELDS}
    for name, field_type in FIELD_TYPES.items():
        if field_type == "section":
            continue
        value = data[keys[name]]
        required = options[name].get("required", True)
        if value in ("", None, []) or value is False:
            assert not required, (name, value)
            continue
        if field_type in ("singleline", "multiline", "hidden", "url"):
            assert isinstance(value, str) and "\x00" not in value and value == value.strip()
            assert len(value) <= {"singleline": 255, "hidden": 255}.get(field_type, 10_000)
        elif field_type == "email":
            validate_email(value)
        elif field_type == "number":
            assert Decimal(value).is_finite()
        elif field_type == "date":
            datetime.date.fromisoformat(value)
        elif field_type == "datetime":
            datetime.datetime.fromisoformat(value)
        elif field_type in ("checkboxes", "multiselect"):
            assert isinstance(value, list) and set(value) <= set(CHOICES[name])
        elif field_type in ("dropdown", "radio"):
            assert value in CHOICES[name]
        elif field_type == "municipality":
            assert submission.municipality_id == value
        elif field_type == "orgnr":
            assert re.fullmatch(r"[0-9]{9}", value) and orgnr.is_valid(value)
        elif field_type == "phone":
            assert re.fullmatch(r"\+47[0-9]{8}", value)
        elif field_type == "checkbox":
            assert value is True
        elif field_type == "attachment":
            assert submission.attachments.filter(field_key=keys[name]).exists()
    assert submission.applicant_email == data[keys["email"]]
    assert submission.contact_name == data[keys["name"]]
