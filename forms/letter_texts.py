"""The texts of the reply letters (svarbrev) an editor writes on the form page, one per
decision, and the placeholders they may use. Sending them is case handling's
(applications/reply_letters.py)."""

import string

from django.utils.translation import gettext as _

PLACEHOLDERS = {
    "kommune", "kontaktperson", "program", "referanse", "mottatt", "svardato", "programstart",
    "programslutt",
}
# Keyed by the decision's stored value (ReviewStatus is a str enum, so either finds it).
TEMPLATE_FIELDS = {
    "innvilget": ("reply_granted_subject", "reply_granted_body"),
    "avslatt": ("reply_rejected_subject", "reply_rejected_body"),
    "venteliste": ("reply_waitlisted_subject", "reply_waitlisted_body"),
}


def placeholder_errors(page):
    """{field: message} for templates that use a placeholder we do not fill in, or that
    str.format() could not fill in (an unpaired brace, «{kommune!x}», «{kommune:d}»): those
    would be a server error when the letter is shown or sent."""
    errors = {}
    for subject_field, body_field in TEMPLATE_FIELDS.values():
        for field in (subject_field, body_field):
            try:
                parsed = list(string.Formatter().parse(getattr(page, field) or ""))
            except ValueError:
                errors[field] = _(
                    "Krøllparentesene må stå i par rundt et felt, for eksempel {kommune}."
                )
                continue
            used = {name for _, name, _, _ in parsed if name is not None}
            unknown = sorted(used - PLACEHOLDERS)
            if any(spec or conversion for _, name, spec, conversion in parsed if name):
                errors[field] = _(
                    "Skriv feltene uten noe etter navnet, for eksempel {kommune}."
                )
            elif unknown:
                errors[field] = _("Ukjent felt: %(unknown)s. Bruk %(known)s.") % {
                    "unknown": ", ".join("{" + name + "}" for name in unknown),
                    "known": ", ".join("{" + name + "}" for name in sorted(PLACEHOLDERS)),
                }
    return errors
