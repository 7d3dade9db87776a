"""Norwegian municipalities (kommuner), loaded from forms/data/kommuner.csv by migration."""

from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _


class MunicipalityQuerySet(models.QuerySet):
    def with_shared_names(self):
        """Annotate whether another municipality has the same name (Herøy, Våler)."""
        shared = (
            Municipality.objects.values("name")
            .annotate(n=Count("number"))
            .filter(n__gt=1)
            .values("name")
        )
        return self.annotate(
            name_is_shared=models.Case(
                models.When(name__in=shared, then=True),
                default=False,
                output_field=models.BooleanField(),
            )
        ).order_by("name", "number")


class Municipality(models.Model):
    """A Norwegian municipality (kommune), loaded from forms/data/kommuner.csv by migration."""

    number = models.CharField(_("kommunenummer"), max_length=4, primary_key=True)
    name = models.CharField(_("navn"), max_length=100)
    county_number = models.CharField(_("fylkesnummer"), max_length=2)
    county = models.CharField(_("fylke"), max_length=100)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["name", "number"]

    def __str__(self):
        return f"{self.name} ({self.county})"

    @property
    def display_name(self):
        # Two municipalities may share a name; their county tells them apart.
        if getattr(self, "name_is_shared", False):
            return f"{self.name} ({self.county})"
        return self.name
