"""The intake's models. Django loads them from here; each lives in the module named after it."""

from .assessment_criteria import AssessmentCriterion
from .case_records import ApplicationNote, ReplyLetter
from .drafts import ApplicationDraft, DraftAttachment
from .follow_up import (
    AcceptanceState,
    FollowUpSettings,
    FormKind,
    GrantFollowUp,
    ReportStatus,
)
from .form_fields import AUTOCOMPLETE_CHOICES, ApplicationFormField
from .form_page import ApplicationFormPage
from .municipalities import Municipality, MunicipalityQuerySet
from .reply_letter_texts import ReplyLetterText
from .submissions import (
    DECISIONS,
    STATUS_TRANSITIONS,
    ApplicationAttachment,
    ApplicationSubmission,
    ReferenceCounter,
    ReviewStatus,
    private_storage,
)

__all__ = [
    "AcceptanceState",
    "FollowUpSettings",
    "FormKind",
    "GrantFollowUp",
    "ReportStatus",
    "AUTOCOMPLETE_CHOICES",
    "DECISIONS",
    "DraftAttachment",
    "STATUS_TRANSITIONS",
    "ApplicationAttachment",
    "AssessmentCriterion",
    "ApplicationDraft",
    "ApplicationFormField",
    "ApplicationFormPage",
    "ApplicationNote",
    "ApplicationSubmission",
    "Municipality",
    "MunicipalityQuerySet",
    "ReferenceCounter",
    "ReplyLetter",
    "ReplyLetterText",
    "ReviewStatus",
    "private_storage",
]
