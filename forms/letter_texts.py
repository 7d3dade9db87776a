"""The placeholders a reply letter's text (svarbrev, forms.models.ReplyLetterText) may use,
and the check that it uses only those. Sending the letters is case handling's
(applications/reply_letters.py)."""

import string

from django.utils.translation import gettext as _

PLACEHOLDERS = {
    "kommune",
    "kontaktperson",
    "program",
    "referanse",
    "mottatt",
    "svardato",
    "programstart",
    "programslutt",
    "akseptfrist",
}
# The fields of a letter's text that are filled in.
TEMPLATE_FIELDS = ("subject", "body")


def placeholder_errors(letter_text):
    """{field: message} for a letter's subject or body that uses a placeholder we do not fill
    in, or that str.format() could not fill in (an unpaired brace, «{kommune!x}»,
    «{kommune:d}»): those would be a server error when the letter is shown or sent."""
    errors = {}
    for field in TEMPLATE_FIELDS:
        try:
            parsed = list(string.Formatter().parse(getattr(letter_text, field) or ""))
        except ValueError:
            errors[field] = _(
                "Krøllparentesene må stå i par rundt et felt, for eksempel {kommune}."
            )
            continue
        used = {name for _, name, _, _ in parsed if name is not None}
        unknown = sorted(used - PLACEHOLDERS)
        if any(spec or conversion for _, name, spec, conversion in parsed if name):
            errors[field] = _("Skriv feltene uten noe etter navnet, for eksempel {kommune}.")
        elif unknown:
            errors[field] = _("Ukjent felt: %(unknown)s. Bruk %(known)s.") % {
                "unknown": ", ".join("{" + name + "}" for name in unknown),
                "known": ", ".join("{" + name + "}" for name in sorted(PLACEHOLDERS)),
            }
    return errors
