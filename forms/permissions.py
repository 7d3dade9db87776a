"""Who may handle applications: one permission, checked by every view, menu, hook and panel."""

REVIEW_PERMISSION = "forms.view_applicationsubmission"


def may_review(user):
    return bool(user and user.is_active and user.has_perm(REVIEW_PERMISSION))
