from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases import services
from cases.models import PartnerKind


class Command(BaseCommand):
    help = (
        "Take on a partner of the API with one OAuth2 client allowed the given scopes, and print the "
        "client's id and secret; the secret is stored only hashed and is never shown again."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--scopes", required=True, help=f"comma-separated, from: {', '.join(settings.API_SCOPES)}")
        parser.add_argument("--country", default="HK", help="ISO 3166 code of two capital letters (default HK)")
        parser.add_argument("--kind", choices=PartnerKind.values, default=PartnerKind.AUTHORITY)
        parser.add_argument("--contact-name", default="")
        parser.add_argument("--contact-email", default="")

    def handle(self, *args, name, scopes, country, kind, contact_name, contact_email, **options):
        try:
            partner, client_id, secret = services.create_partner(
                name=name,
                kind=kind,
                country=country,
                contact_name=contact_name,
                contact_email=contact_email,
                scopes=[scope.strip() for scope in scopes.split(",") if scope.strip()],
                by=None,
                now=timezone.now(),
            )
        except ValidationError as error:
            problems = [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
            raise CommandError("Nothing created. " + " ".join(problems)) from None
        self.stdout.write(f"Partner {partner.name} created.")
        self.stdout.write(f"Client id: {client_id}")
        self.stdout.write(f"Client secret: {secret}")
        self.stdout.write("Keep the secret now: it is stored only hashed and is not shown again.")
