"""Whatever removes an application or a draft (Wagtail's own views, a bulk action, the
shell, code, a deleted form page), its attachment files leave private storage with it, and
the audit log records an application's removal without personal data. Signals, not the
views: a queryset's delete() calls no model method.
"""

from django.db import transaction
from django.db.models.signals import post_delete, pre_delete

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from .models import ApplicationAttachment, ApplicationSubmission, DraftAttachment

DELETE_ACTION = "forms.application.delete"

# What log entries of an application may hold that names or reaches the applicant.
PERSONAL_LOG_KEYS = ("recipient", "email", "applicant_email", "contact_name", "name")


def remove_personal_data_from_log(submission):
    """Blank the applicant's details in the application's log entries; who did what stays."""
    for entry in ModelLogEntry.objects.for_instance(submission).exclude(data={}):
        if isinstance(entry.data, dict) and any(key in entry.data for key in PERSONAL_LOG_KEYS):
            entry.data = {
                key: ("" if key in PERSONAL_LOG_KEYS else value)
                for key, value in entry.data.items()
            }
            entry.save(update_fields=["data"])


def log_application_removed(sender, instance, **kwargs):
    remove_personal_data_from_log(instance)
    page = instance.page if instance.page_id else None
    log(
        instance,
        DELETE_ACTION,
        data={
            "reference": instance.reference,
            "page_id": instance.page_id,
            "form": page.title if page else "",
        },
    )


def delete_attachment_file(sender, instance, **kwargs):
    """The file goes once the row is gone for good: a rolled-back delete keeps both."""
    name = instance.file.name
    if name:
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(name), robust=True)


def connect():
    pre_delete.connect(
        log_application_removed,
        sender=ApplicationSubmission,
        dispatch_uid="forms.application_removed",
    )
    post_delete.connect(
        delete_attachment_file,
        sender=ApplicationAttachment,
        dispatch_uid="forms.attachment_file_removed",
    )
    # A draft's files too, however the draft goes (retention, or its form page deleted).
    post_delete.connect(
        delete_attachment_file,
        sender=DraftAttachment,
        dispatch_uid="forms.draft_attachment_file_removed",
    )
