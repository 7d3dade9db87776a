"""Create (or repair) the local admin user for development, and print how to log in."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD_FILE = Path(settings.BASE_DIR) / ".dev-admin-password"


class Command(BaseCommand):
    help = "Lager en lokal administratorbruker for utvikling (bare med DEBUG på)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Nekter å lage en utviklingsbruker når DEBUG er av.")
        if PASSWORD_FILE.exists():
            password = PASSWORD_FILE.read_text(encoding="utf-8").strip()
        else:
            password = secrets.token_urlsafe(12)
            PASSWORD_FILE.write_text(password + "\n", encoding="utf-8")
            PASSWORD_FILE.chmod(0o600)

        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=USERNAME, defaults={"email": "admin@example.invalid"}
        )
        if created or not user.check_password(password) or not user.is_superuser:
            user.set_password(password)
            user.is_superuser = user.is_staff = user.is_active = True
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                "\nLogg inn i redigeringsverktøyet på http://127.0.0.1:8000/admin/\n"
                f"  Brukernavn: {USERNAME}\n  Passord:    {password}\n"
                f"  (passordet ligger i {PASSWORD_FILE.name}, som ikke sjekkes inn)\n"
            )
        )
