"""Assigning assessors to many applications at once (issue 17, item 2): every chosen
assessor on every application, or «fordel jevnt», which spreads the applications over the
chosen assessors so that each gets as even a load as possible."""

from collections import Counter

from django import forms
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.utils import get_user_display_name

from .assessment import assessors, log_assessment
from .bulk_actions import ApplicationBulkAction
from .filters import as_id
from .models import Assessment

EVERYONE = "alle"
EVENLY = "jevnt"


class AssessorsField(forms.ModelMultipleChoiceField):
    """Assessors by full name, where an id no table can hold («abc», 10**30) is an invalid
    choice rather than a database error."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return get_user_display_name(obj)

    def _check_values(self, value):
        for pk in value:
            if as_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class AssignAssessorsForm(forms.Form):
    assessors = AssessorsField(
        label=_("Fagvurderere"),
        queryset=assessors(),
        error_messages={
            "required": _("Velg minst én fagvurderer."),
            "invalid_choice": _("Velg fagvurderere fra listen."),
            "invalid_pk_value": _("Velg fagvurderere fra listen."),
        },
    )
    mode = forms.ChoiceField(
        label=_("Fordeling"),
        widget=forms.RadioSelect,
        initial=EVERYONE,
        choices=[
            (EVERYONE, _("Alle valgte på hver søknad")),
            (EVENLY, _("Fordel jevnt")),
        ],
        error_messages={"required": _("Velg hvordan søknadene skal fordeles.")},
    )
    per_application = forms.IntegerField(
        label=_("Fagvurderere per søknad"),
        help_text=_("Brukes når søknadene fordeles jevnt."),
        min_value=1,
        initial=1,
        required=False,
        error_messages={"invalid": _("Skriv et helt tall.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Fresh each time: who may assess changes while the server runs.
        self.fields["assessors"].queryset = assessors()

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("assessors")
        if cleaned.get("mode") != EVENLY or not chosen:
            return cleaned
        per_application = cleaned.get("per_application")
        if per_application is None and "per_application" not in self.errors:
            self.add_error("per_application", _("Skriv hvor mange fagvurderere hver søknad får."))
        elif per_application is not None and per_application > len(chosen):
            self.add_error(
                "per_application",
                _("Velg høyst %(count)d, så mange fagvurderere som er valgt.")
                % {"count": len(chosen)},
            )
        return cleaned


def _by_name(user):
    # Deterministic ties: by name, then by id.
    return (user.first_name, user.last_name, user.get_username(), user.pk)


def plan_assignments(submissions, chosen, per_application=None):
    """The (submission, assessor) pairs to create: every chosen assessor on every application
    (per_application None), or per_application of them on each, spread evenly: each
    application goes to the least loaded assessors not already on it, counting what they
    already have on the same form page. Ties go by name, then id, so the plan is the same
    every time."""
    submissions = sorted(submissions, key=lambda s: s.pk)
    chosen = sorted(chosen, key=_by_name)
    already = set(
        Assessment.objects.filter(submission__in=submissions).values_list(
            "submission_id", "assessor_id"
        )
    )
    load = Counter(
        {
            (row["assessor"], row["submission__page"]): row["n"]
            for row in Assessment.objects.filter(
                assessor__in=chosen, submission__page__in={s.page_id for s in submissions}
            )
            .values("assessor", "submission__page")
            .annotate(n=Count("pk"))
        }
    )
    plan = []
    for submission in submissions:
        free = [a for a in chosen if (submission.pk, a.pk) not in already]
        if per_application is not None:
            # Those already on it count towards the number it should have.
            wanted = per_application - (len(chosen) - len(free))
            free.sort(key=lambda a: load[(a.pk, submission.page_id)])  # stable: keeps names
            free = free[: max(wanted, 0)]
        for assessor in free:
            load[(assessor.pk, submission.page_id)] += 1
            plan.append((submission, assessor))
    return plan


def assign_assessors(submissions, chosen, user, per_application=None):
    """Create the planned assessments and log each; returns (created, already assigned)."""
    plan = plan_assignments(submissions, chosen, per_application)
    created = Assessment.objects.bulk_create(
        [Assessment(submission=s, assessor=a, assigned_by=user) for s, a in plan]
    )
    for assessment in created:
        log_assessment(assessment, "assigned", user)
    chosen_ids = {a.pk for a in chosen}
    already = Assessment.objects.filter(
        submission__in=submissions, assessor__in=chosen_ids
    ).count() - len(created)
    return len(created), already


class AssignAssessorsBulkAction(ApplicationBulkAction):
    display_name = _("Tildel fagvurderere")
    action_type = "assign-assessors"
    aria_label = _("Tildel de valgte søknadene fagvurderere")
    form_class = AssignAssessorsForm
    template_name = "applications/admin/assessor_bulk_assign.html"
    action_priority = 22

    @classmethod
    def execute_action(cls, objects, user=None, assessors=(), mode=EVERYONE, **kwargs):
        per_application = kwargs.get("per_application") if mode == EVENLY else None
        return assign_assessors(objects, list(assessors), user, per_application)

    def get_success_message(self, created, already):
        message = ngettext(
            "%(count)d fagvurderer tildelt.", "%(count)d fagvurderere tildelt.", created
        ) % {"count": created}
        if already:
            message += " " + ngettext(
                "%(count)d var tildelt fra før.", "%(count)d var tildelt fra før.", already
            ) % {"count": already}
        return message
