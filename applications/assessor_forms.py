"""The assessor's forms: the declaration of impartiality and the scores per criterion, how a
scoring form is saved (what changed is logged, never the justifications), and how saved
scores and the answers are read back for the pages and the sheet."""

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms.answers import grouped_answers

from .assessment import assessment_average, log_assessment, scores_of
from .models import Assessment, CriterionScore, Declaration

REASON_MAX_LENGTH = 2000
JUSTIFICATION_MAX_LENGTH = 2000

# Answers an outside assessor does not need: how to reach the applicant.
CONTACT_TYPES = {"email", "phone"}


class DeclarationForm(forms.Form):
    """«Jeg er ikke inhabil» or «Jeg er inhabil». Partiality always needs a reason; so does
    either answer when the application comes from a municipality the assessor is tied to."""

    declaration = forms.ChoiceField(
        label=gettext_lazy("Habilitet"),
        choices=Declaration.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Velg om du er inhabil eller ikke."),
            "invalid_choice": gettext_lazy("Velg om du er inhabil eller ikke."),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Begrunnelse"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Skriv hva som gjør deg inhabil, eller hvorfor tilknytningen ikke gjør det."
        ),
        error_messages={
            "max_length": gettext_lazy("Begrunnelsen kan være høyst %(limit_value)d tegn.")
        },
    )

    def __init__(self, *args, reason_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason_required = reason_required

    def clean(self):
        cleaned = super().clean()
        declaration = cleaned.get("declaration")
        needs_reason = self.reason_required or declaration == Declaration.PARTIAL
        if declaration and needs_reason and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Skriv en begrunnelse for erklæringen."))
        return cleaned

    def save(self, assessment, user):
        """Record the declaration once: a second one (another tab, a double click) changes
        nothing and returns False."""
        with transaction.atomic():
            locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
            if locked.is_declared:
                return False
            locked.declaration = self.cleaned_data["declaration"]
            locked.declaration_reason = self.cleaned_data["reason"].strip()
            locked.declared_at = timezone.now()
            locked.save(update_fields=["declaration", "declaration_reason", "declared_at"])
            # The reason stays on the assessment; the history names the choice only.
            log_assessment(locked, "declared", user, declaration=locked.declaration)
        return True


class ScoringForm(forms.Form):
    """A score (a radio group on the criterion's scale) and a justification per criterion.
    A draft may be incomplete; delivering needs every score and every justification."""

    def __init__(self, criteria, *args, deliver=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.deliver = deliver
        for criterion in criteria:
            scale = (criterion.scale_min, criterion.scale_max)
            wrong = _("Velg en score fra %(min)d til %(max)d.") % {"min": scale[0], "max": scale[1]}
            self.fields[self.score_name(criterion)] = forms.TypedChoiceField(
                label=criterion.title,
                help_text=criterion.description,
                choices=[(n, str(n)) for n in criterion.scale],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": wrong},
            )
            self.fields[self.justification_name(criterion)] = forms.CharField(
                label=_("Begrunnelse for «%(criterion)s»") % {"criterion": criterion.title},
                required=False,
                max_length=JUSTIFICATION_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "max_length": _("Begrunnelsen kan være høyst %(limit)d tegn.")
                    % {"limit": JUSTIFICATION_MAX_LENGTH}
                },
            )

    @staticmethod
    def score_name(criterion):
        return f"score-{criterion.translation_key}"

    @staticmethod
    def justification_name(criterion):
        return f"begrunnelse-{criterion.translation_key}"

    @classmethod
    def initial_from(cls, criteria, assessment):
        saved = {s.criterion_key: s for s in assessment.scores.all()}
        initial = {}
        for criterion in criteria:
            if score := saved.get(criterion.translation_key):
                initial[cls.score_name(criterion)] = score.score
                initial[cls.justification_name(criterion)] = score.justification
        return initial

    def rows(self):
        """[(criterion, score field, justification field)] for the template."""
        return [
            (c, self[self.score_name(c)], self[self.justification_name(c)]) for c in self.criteria
        ]

    def clean(self):
        cleaned = super().clean()
        if not self.deliver:
            return cleaned
        for criterion in self.criteria:
            score_name, text_name = self.score_name(criterion), self.justification_name(criterion)
            if score_name not in self.errors and cleaned.get(score_name) is None:
                self.add_error(score_name, _("Velg en score for å levere."))
            if text_name not in self.errors and not cleaned.get(text_name, "").strip():
                self.add_error(text_name, _("Skriv en begrunnelse for å levere."))
        return cleaned

    def save(self, assessment, user):
        """Store the scores that changed, log which (criterion, from, to), and deliver if
        asked. Returns False when the assessment was delivered meanwhile (nothing saved)."""
        with transaction.atomic():
            locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
            if locked.is_delivered:
                return False
            saved = {s.criterion_key: s for s in locked.scores.all()}
            changes = []
            for criterion in self.criteria:
                new_score = self.cleaned_data.get(self.score_name(criterion))
                new_text = self.cleaned_data.get(self.justification_name(criterion), "").strip()
                old = saved.get(criterion.translation_key)
                old_score, old_text = (old.score, old.justification) if old else (None, "")
                if (old_score, old_text) == (new_score, new_text):
                    continue
                CriterionScore.objects.update_or_create(
                    assessment=locked,
                    criterion_key=criterion.translation_key,
                    defaults={"score": new_score, "justification": new_text},
                )
                changes.append(
                    {
                        "criterion": criterion.title,
                        "from": old_score,
                        "to": new_score,
                        "justification_changed": old_text != new_text,
                    }
                )
            if changes:
                log_assessment(locked, "saved", user, changes=changes)
            if self.deliver:
                locked.delivered_at = timezone.now()
                locked.save(update_fields=["delivered_at"])
                log_assessment(locked, "delivered", user)
        return True


@dataclass
class ScoredAssessment:
    """One assessment as shown to those who may see it: a row per criterion, its average."""

    assessment: Assessment
    rows: list
    average: Decimal | None


def scored(assessment, criteria):
    saved = {s.criterion_key: s for s in assessment.scores.all()}
    rows = [
        (
            criterion,
            getattr(saved.get(criterion.translation_key), "score", None),
            getattr(saved.get(criterion.translation_key), "justification", ""),
        )
        for criterion in criteria
    ]
    return ScoredAssessment(assessment, rows, assessment_average(scores_of(assessment), criteria))


def visible_answers(submission, reviewer):
    """The answers as the applicant saw them, without contact details for outside assessors."""
    if reviewer:
        return submission.answers()
    contact_name = (submission.contact_name or "").strip()
    questions = [
        q
        for q in submission.field_labels
        if q["type"] not in CONTACT_TYPES
        and not (contact_name and submission.form_data.get(q["key"]) == contact_name)
    ]
    return grouped_answers(SimpleNamespace(field_labels=questions, form_data=submission.form_data))
