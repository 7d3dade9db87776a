"""Signing out of the admin ends the session on the server, whichever way it is asked.

Wagtail 8's sign-out view is Django's LogoutView, which signs out on POST only. On a GET
it answers 405, yet Wagtail still deletes the session cookie from the browser and shows
«logged out»: the session itself stays valid on the server, so a copy of the cookie keeps
opening the admin. Here a GET signs out as a POST does. (Upstream, Wagtail's LogoutView
should delete the cookie only after a sign-out.) A page elsewhere can make a browser sign
out this way, which costs the user a sign-in and nothing else.
"""

from wagtail.admin.views.account import LogoutView


class SignOutView(LogoutView):
    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return self.post(request, *args, **kwargs)
