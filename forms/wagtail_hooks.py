from django.urls import path

from wagtail import hooks

from .views import download_attachment


@hooks.register("register_admin_urls")
def register_attachment_download_url():
    return [
        path(
            "soknader/vedlegg/<int:attachment_id>/",
            download_attachment,
            name="application_attachment",
        )
    ]


@hooks.register("filter_form_submissions_for_user")
def only_reviewers_see_applications(user, editable_forms):
    """Wagtail's own form submission views show applications to editors of the form page;
    applications hold personal data, so only the reviewers' group may see them."""
    from .views import REVIEW_PERMISSION

    if user.has_perm(REVIEW_PERMISSION):
        return editable_forms
    return editable_forms.none()
