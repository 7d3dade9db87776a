"""Who may handle applications: one permission, checked by every view, menu, hook and panel.

Staff get it through the group Søknadsbehandlere (forms/migrations/0006), but nothing asks
for the group by name: a user given the permission some other way is a reviewer too.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

REVIEW_PERMISSION = "forms.review_application"


def may_review(user):
    return bool(user and user.is_active and user.has_perm(REVIEW_PERMISSION))


def reviewers():
    """The active staff who may be given applications to handle (superusers only if they
    hold the permission themselves, as they are not case handlers by default)."""
    return (
        get_user_model()
        .objects.with_perm(
            REVIEW_PERMISSION,
            include_superusers=False,
            backend="django.contrib.auth.backends.ModelBackend",
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def reviewer_choices():
    """limit_choices_to for «saksbehandler»: the reviewers, whatever gives them the right."""
    return Q(pk__in=reviewers().values("pk"))
