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
