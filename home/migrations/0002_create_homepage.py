import uuid

from django.db import migrations


def _base36(number):
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def create_homepage(apps, schema_editor):
    """Replace Wagtail's welcome page with an empty HomePage; `load_initial_data` fills it."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    welcome = Page.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page", depth=2, slug="home"
    ).first()
    locale = welcome.locale if welcome else Locale.objects.order_by("pk").first()
    if welcome:
        # Its Site goes with it (on_delete=CASCADE); a new one points at the home page below.
        welcome.delete()

    homepage_content_type, _ = ContentType.objects.get_or_create(
        model="homepage", app_label="home"
    )
    root = Page.objects.get(depth=1)
    last_sibling = Page.objects.filter(depth=2).order_by("-path").first()
    position = int(last_sibling.path[-4:], 36) + 1 if last_sibling else 1
    homepage = HomePage.objects.create(
        title="Kulturskolerådet",
        draft_title="Kulturskolerådet",
        slug="home",
        content_type=homepage_content_type,
        path=f"{root.path}{_base36(position):0>4}",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        translation_key=uuid.uuid4(),
        live=True,
        hero_kicker="Visjon",
        hero_heading="Kulturskole for alle",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.create(
        hostname="localhost", port=80, site_name="Kulturskolerådet",
        root_page=homepage, is_default_site=True,
    )


def remove_homepage(apps, schema_editor):
    HomePage = apps.get_model("home.HomePage")
    HomePage.objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_homepage, remove_homepage),
    ]
