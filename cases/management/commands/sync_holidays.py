from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases import services


class Command(BaseCommand):
    help = "Add Hong Kong's general holidays (Cap. 149) for a range of years; running it again adds nothing."

    def add_arguments(self, parser):
        this_year = timezone.localdate().year
        parser.add_argument("--from-year", type=int, default=this_year - 5)
        parser.add_argument("--to-year", type=int, default=this_year + 2)

    def handle(self, *args, from_year, to_year, **options):
        if not 1950 <= from_year <= to_year <= 2100:
            raise CommandError("Give years between 1950 and 2100, the first no later than the last.")
        created = services.sync_holidays(years=range(from_year, to_year + 1), now=timezone.now())
        self.stdout.write(f"{created} general holidays added for {from_year} to {to_year}.")
