"""What the database outage tests share: the 503 page a visitor must see, and a plain HTTP
visitor for the site under gunicorn."""

import http.client
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from tests.text import visible_text

UNAVAILABLE = "Nettstedet er midlertidig utilgjengelig"
NOT_RECEIVED = "Hvis du holdt på å sende en søknad, er den ikke mottatt."
CONTACT = "post@kulturskoleradet.no"


def assert_unavailable_page(status, headers, html):
    """What a visitor sees while the database is down: 503, in Norwegian, no internals."""
    assert status == 503, html[:2000]
    assert int(headers["Retry-After"]) > 0
    text = visible_text(html)
    assert UNAVAILABLE in text
    assert NOT_RECEIVED in text
    assert "Send den på nytt om noen minutter." in text
    assert "tilbakeknapp" in text
    assert CONTACT in text
    for internal in ("Traceback", "OperationalError", "psycopg"):
        assert internal not in html


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    html: str


@dataclass
class Visitor:
    """One browser: keeps its cookies (ignoring Secure: the test talks plain HTTP to
    gunicorn, as the proxy in front of it does) and follows no redirects."""

    port: int
    cookies: dict = field(default_factory=dict)

    def request(self, method, url, form=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, url, body, headers)
            response = conn.getresponse()
            html = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Reply(response.status, response.headers, html)

    def get(self, url):
        return self.request("GET", url)

    def post(self, url, form):
        return self.request("POST", url, form)


def confirmation_code(reply):
    """The application's code from its confirmation address, or None if not acknowledged."""
    if reply.status != 302:
        return None
    match = re.search(r"/kvittering/([0-9a-f]{32})/$", reply.headers["Location"])
    return match and match.group(1)
