"""``manage.py load_guidance_demo``: the demo's guidance, in English and Traditional Chinese, written by
the demo editor and published by the demo publisher. Run ``load_demo`` first: it creates them."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from guidance import demo


class Command(BaseCommand):
    help = "Load the demo guidance: a framework, how-to steps, a media statement and a dozen other publications."

    def handle(self, *args, **options):
        missing = demo.missing_staff()
        if missing:
            names = " and ".join(f'"{username}"' for username in missing)
            raise CommandError(
                f"The guidance demo is written and published by the demo users {names}, "
                "who do not exist yet: run `manage.py load_demo` first, with DJANGO_DEBUG=1 so that it "
                "creates the demo logins."
            )
        summary = demo.load(now=timezone.now())
        if not summary.created:
            self.stdout.write("Guidance demo already loaded: nothing to add.")
            return
        kept = f", {len(summary.already_there)} already there" if summary.already_there else ""
        self.stdout.write(
            self.style.SUCCESS(f"Guidance demo loaded: {len(summary.created)} publications created{kept}.")
        )
