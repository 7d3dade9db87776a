"""The intake's models. Django loads them from here; each lives in the module named after it."""

from .case_records import ApplicationNote, ReplyLetter
from .form_page import AUTOCOMPLETE_CHOICES, ApplicationFormField, ApplicationFormPage
from .municipalities import Municipality, MunicipalityQuerySet
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
    "AUTOCOMPLETE_CHOICES",
    "DECISIONS",
    "STATUS_TRANSITIONS",
    "ApplicationAttachment",
    "ApplicationFormField",
    "ApplicationFormPage",
    "ApplicationNote",
    "ApplicationSubmission",
    "Municipality",
    "MunicipalityQuerySet",
    "ReferenceCounter",
    "ReplyLetter",
    "ReviewStatus",
    "private_storage",
]
