from django.urls import path  # noqa: F401

# Filled in by the app: its public URLs, inside the language prefix (website/urls.py).
urlpatterns = []
