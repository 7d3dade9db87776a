from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404

from forms.models import ApplicationAttachment
from forms.permissions import may_review


def download_attachment(request, attachment_id):
    """An application's attachment, for those who review applications only."""
    if not may_review(request.user):
        raise PermissionDenied
    attachment = get_object_or_404(ApplicationAttachment, pk=attachment_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
