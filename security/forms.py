import re

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm

from django_otp import devices_for_user, match_token

WRONG_CODE = _(
    "Koden stemmer ikke. Skriv inn den sekssifrede koden som vises i autentiseringsappen nå."
)
THROTTLED = _(
    "Det er skrevet feil kode for mange ganger. Vent litt, og skriv inn koden som vises "
    "i autentiseringsappen da."
)


class OneTimeCodeInput(forms.TextInput):
    """Never echoes the code back: a used or wrong code is no help to anyone."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, None, attrs)


class OneTimeCodeForm(forms.Form):
    """One field for the six-digit code from the authenticator app. Subclasses say which
    device(s) the code is checked against; `self.device` is the one that matched."""

    token = forms.CharField(
        label=_("Engangskode"),
        help_text=_("Seks sifre fra autentiseringsappen. Koden byttes ut hvert 30. sekund."),
        error_messages={"required": _("Skriv inn engangskoden fra autentiseringsappen.")},
        widget=OneTimeCodeInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                # The error text (rendered by `{% formattedfield %}` with this id) and the
                # help text are read out with the field.
                "aria-describedby": "id_token-errors id_token-helptext",
            }
        ),
    )

    device = None

    def clean_token(self):
        # Apps often show the code as «123 456»; accept it typed or pasted like that.
        token = re.sub(r"\s", "", self.cleaned_data["token"])
        if not re.fullmatch(r"\d{6}", token):
            raise forms.ValidationError(WRONG_CODE, code="invalid")
        # Asked first, as django-otp recommends, so the page can say why a code is refused.
        if self.throttled():
            raise forms.ValidationError(THROTTLED, code="throttled")
        self.device = self.match(token)
        if self.device is None:
            raise forms.ValidationError(WRONG_CODE, code="invalid")
        return token

    def match(self, token):
        raise NotImplementedError

    def throttled(self):
        raise NotImplementedError


def is_throttled(device):
    allowed, _details = device.verify_is_allowed()
    return not allowed


class VerifyForm(OneTimeCodeForm):
    """Sign-in: the code must come from one of the user's confirmed devices."""

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        # The code is all this page asks for (set-up has instructions to read first).
        self.fields["token"].widget.attrs["autofocus"] = True

    def match(self, token):
        # Goes through each device's verify_token, so django-otp's throttling applies.
        return match_token(self.user, token)

    def throttled(self):
        devices = list(devices_for_user(self.user))
        return bool(devices) and all(is_throttled(device) for device in devices)


class SetupForm(OneTimeCodeForm):
    """Set-up: the code must come from the new, not yet confirmed device."""

    def __init__(self, device, *args, **kwargs):
        self.new_device = device
        super().__init__(*args, **kwargs)

    def match(self, token):
        return self.new_device if self.new_device.verify_token(token) else None

    def throttled(self):
        return is_throttled(self.new_device)


class SignInForm(LoginForm):
    """Wagtail's sign-in form. Its password field has no label, so Django shows the field's
    name, «Password», whatever the language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Passord")
