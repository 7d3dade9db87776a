from django.urls import path

from . import views

# Inside the language prefix (website/urls.py): /nyhetsvarsel/ and /en/nyhetsvarsel/.
urlpatterns = [
    path("nyhetsvarsel/", views.subscribe, name="newsletter_subscribe"),
    path("nyhetsvarsel/sendt/", views.requested, name="newsletter_requested"),
    path("nyhetsvarsel/bekreft/<str:token>/", views.confirm, name="newsletter_confirm"),
    path("nyhetsvarsel/avmeld/<str:token>/", views.unsubscribe, name="newsletter_unsubscribe"),
]
