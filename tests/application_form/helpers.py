"""What the application form tests share: the moment the form is open, and its errors."""

from tests.conftest import oslo
from tests.text import visible_text

OPEN = oslo(2026, 4, 1, 12, 0)


def errors_of(response):
    html = response.content.decode()
    return visible_text(html.split('id="feiloppsummering"')[1].split("</div>")[0])
