"""A program with an application form of every field type, and a way to post to it."""

import re

from django.core.files.base import ContentFile

from wagtail.models import Page, Site

from forms.intake_guards import TOKEN_FIELD, FormToken
from forms.models import ApplicationAttachment
from home.models import SiteSettings
from tests.factories import (
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    ProgramIndexPageFactory,
    ProgramPageFactory,
)
from tests.published_translation import translate_and_publish

# 974760673 is a valid organisation number (MOD11); 974760674 has a wrong check digit.
VALID_ORGNR = "974 760 673"


def build_form(home_page):
    index = ProgramIndexPageFactory(parent=home_page)
    program = ProgramPageFactory(parent=index, title="Veiledning", slug="veiledning")
    page = ApplicationFormPageFactory(parent=program)
    fields = {}
    for key, label, field_type, extra in [
        ("section_municipality", "Kommunen", "section", {"help_text": "Om kommunen"}),
        ("municipality", "Kommune", "municipality", {}),
        ("orgnr", "Organisasjonsnummer", "orgnr", {}),
        ("section_contact", "Kontaktperson", "section", {}),
        ("name", "Navn", "singleline", {"autocomplete": "name"}),
        ("email", "E-post", "email", {"is_applicant_email": True}),
        ("phone", "Telefon", "phone", {}),
        ("why", "Hvorfor søker dere?", "multiline", {}),
        ("size", "Antall elever", "dropdown", {"choices": "Under 100\n100–500\nOver 500"}),
        ("commitment", "Vi stiller med en kommunegruppe.", "checkbox", {}),
        ("attachment", "Vedlegg", "attachment", {"required": False}),
    ]:
        fields[key] = ApplicationFormFieldFactory(
            page=page, label=label, field_type=field_type, **extra
        )
    page.save_revision().publish()
    page.refresh_from_db()
    return program, page, {key: field.clean_name for key, field in fields.items()}


def valid_answers(keys, **overrides):
    answers = {
        keys["municipality"]: "4601",
        keys["orgnr"]: VALID_ORGNR,
        keys["name"]: "Kari Nordmann",
        keys["email"]: "kari@bergen.kommune.no",
        keys["phone"]: "+47 55 56 55 60",
        keys["why"]: "Vi vil bygge et profesjonsfellesskap.",
        keys["size"]: "100–500",
        keys["commitment"]: "on",
    }
    answers.update({keys.get(k, k): v for k, v in overrides.items()})
    return {k: v for k, v in answers.items() if v is not None}


def form_token(client, url):
    html = client.get(url).content.decode()
    return re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', html).group(1)


def post_application(client, page, answers, token=None, **extra):
    data = {TOKEN_FIELD: token or FormToken.new().dumps(), **answers}
    return client.post(page.url, data, **extra)


def attachment_downloads(client, attachment, django_user_model):
    """The attachment's download as each kind of visitor: not signed in, an editor, a
    reviewer. Returns the three responses by those names; the client ends signed in as
    the reviewer."""
    from django.contrib.auth.models import Group

    url = f"/admin/soknader/vedlegg/{attachment.pk}/"
    responses = {"anonymous": client.get(url)}
    for name, username, group in [
        ("editor", "redaktor", "Redaktører"),
        ("reviewer", "behandler", "Søknadsbehandlere"),
    ]:
        user = django_user_model.objects.create_user(username, password="x")
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        responses[name] = client.get(url)
    return responses


def attach_pdf(application):
    """A small PDF attached to the application, stored in private storage."""
    attachment = ApplicationAttachment(
        submission=application,
        field_key="vedlegg",
        original_name="budsjett.pdf",
        content_type="application/pdf",
        size=9,
    )
    attachment.file.save("budsjett.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return attachment


# The strings of build_form's form in English, for tests of the English form page.
ENGLISH_FORM_STRINGS = {
    "Hvorfor søker dere?": "Why are you applying?",
    # wagtail-localize keeps a multi-line text as one string with <br/> between lines.
    "Under 100<br/>100–500<br/>Over 500": "Fewer than 100<br/>100 to 500<br/>More than 500",
    "Navn": "Name",
}


def translate_form(page):
    """build_form's form page in English, published."""
    return translate_and_publish(page, ENGLISH_FORM_STRINGS)


def site_menu_and_footer(home_page):
    """A page in the menu and an address in the footer: both are found from the request
    (its site, the settings' context processor), so a page rendered without it lacks them."""
    Page.objects.filter(slug="program").update(show_in_menus=True)
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.update_or_create(site=site, defaults={"email": "post@example.no"})


def shows_menu_and_footer(html):
    menu = re.search(r'<nav class="main-nav".*?</nav>', html, re.S)
    footer = re.search(r"<footer.*?</footer>", html, re.S)
    return bool(menu and ">Program</a>" in menu.group(0)) and "post@example.no" in footer.group(0)
