from django.core.management.base import BaseCommand
from django.utils import timezone

from cases.models import Clock, ReminderKind
from cases.services.reminders import sweep_reminders


class Command(BaseCommand):
    help = (
        "Run the reminder sweep now, as the worker does every 15 minutes, and list what it queued for "
        "sending; with --dry-run, list what it would queue and change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Change nothing; say what would be sent.")

    def handle(self, *args, dry_run, **options):
        report = sweep_reminders(now=timezone.now(), dry_run=dry_run)
        # in_bulk asks in batches the database can take
        clock_ids = {reminder.clock_id for reminder in report.queued}
        clocks = Clock.objects.select_related("rule", "case", "enquiry").in_bulk(clock_ids)
        for reminder in report.queued:
            clock = clocks[reminder.clock_id]
            kind, due = ReminderKind(reminder.kind).label, f"{timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}"
            self.stdout.write(f"{kind}: {clock.owner.reference}, {clock.rule.code} due {due}")
        verb = "would be" if dry_run else ("was" if report.created == 1 else "were")
        self.stdout.write(
            f"{counted(report.created, 'reminder')} {verb} created, {report.cancelled} cancelled as no longer owed, "
            f"{len(report.queued)} queued for sending."
        )
        if report.held:
            held = counted(report.held, "message")
            self.stdout.write(f"{held} to organisations held until they are released.")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed or sent.")


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
