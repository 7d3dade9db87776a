"""The two kinds of form page: an application form, and the report form under it. A module
of its own so the page's admin form (page_forms.py) can name them without the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormKind(models.TextChoices):
    APPLICATION = "soknad", _("Søknadsskjema")
    REPORT = "rapport", _("Rapportskjema")
