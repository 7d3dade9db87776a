"""What may go into an e-mail header: one line, and addresses that are addresses.

A subject with a line break makes Django refuse the whole message (BadHeaderError), so a
form page saved with one would fail every notification. Editors are told when they save;
text from applicants (a contact name in a reply letter's subject) is put on one line.
"""

import ipaddress
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

# Everything str.splitlines() breaks on (\n, \r, \v, \f, \x1c-\x1e, \x85, U+2028, U+2029),
# and the other control characters, which have no place in a header either. A tab is only
# white space in a header, and comes with pasted text.
LINE_BREAKS_AND_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def has_line_break(text):
    return bool(LINE_BREAKS_AND_CONTROLS.search(text or ""))


def one_line(text):
    """The text on one line: line breaks and other white space runs become one space."""
    return re.sub(r"\s+", " ", LINE_BREAKS_AND_CONTROLS.sub(" ", text or "")).strip()


def is_valid_address(address):
    try:
        validate_email(address)
    except ValidationError:
        return False
    return not has_line_break(address)


def invalid_addresses(value):
    """The parts of a comma-separated list that are not one plain e-mail address each."""
    return [part.strip() for part in (value or "").split(",") if not is_valid_address(part.strip())]


# Where an application form's e-mail field may not point: an IP address instead of a domain,
# or this machine. The site would send its receipt there (a relay into the server's own
# network, or mail that only fills the server's queue).
LOCAL_DOMAINS = {"localhost", "localhost.localdomain"}


def is_local_or_ip_domain(address):
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    if domain.startswith("["):  # a@[127.0.0.1], a@[IPv6:::1]
        return True
    if domain in LOCAL_DOMAINS or domain.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        # «127.1» and the like: only digits and dots is no domain name either.
        return bool(domain) and all(label.isdigit() for label in domain.split(".") if label)
    return True


def validate_applicant_email_domain(value):
    if value and is_local_or_ip_domain(value):
        raise ValidationError(
            _(
                "Bruk en e-postadresse med et vanlig domenenavn, for eksempel "
                "navn@kommune.no. Adresser til en IP-adresse eller localhost tas ikke imot."
            ),
            code="local_domain",
        )
