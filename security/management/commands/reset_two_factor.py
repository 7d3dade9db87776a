from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from django_otp import devices_for_user


class Command(BaseCommand):
    help = (
        "Fjerner en brukers autentiseringsapp (tofaktorinnlogging), for eksempel etter en "
        "mistet telefon. Brukeren setter opp en ny ved neste innlogging."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Brukernavnet til den som skal få fjernet appen.")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"Fant ingen bruker med brukernavnet «{username}».") from None

        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        if devices:
            count = len(devices)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Tofaktorinnloggingen til «{username}» er nullstilt ({count} "
                    f"{'enhet' if count == 1 else 'enheter'} fjernet). Brukeren setter opp "
                    "en ny autentiseringsapp ved neste innlogging."
                )
            )
        else:
            self.stdout.write(f"«{username}» hadde ingen autentiseringsapp å fjerne.")
