import sys
from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases import deadlines
from cases.explanations import explain_step
from cases.models import CalendarCode, ClockRule, load_calendar

USAGE_ERROR = 2


class Command(BaseCommand):
    help = "Print when a period ends and how that date was reached."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="YYYY-MM-DD or YYYY-MM-DDTHH:MM, Hong Kong time")
        parser.add_argument("--rule", help="a clock rule code, e.g. hk-pdpo-s39-3")
        parser.add_argument("--length", type=int, help="the period's length, instead of --rule")
        parser.add_argument("--unit", help="hours, days, working_days or months, with --length")
        parser.add_argument("--calendar", help="hk or none (default: the rule's calendar, or hk)")

    def handle(self, *args, start, rule, length, unit, calendar, **options):
        try:
            deadline = self._deadline(start, rule, length, unit, calendar)
        except CommandError as error:
            self.stderr.write(f"error: {error}")
            sys.exit(USAGE_ERROR)
        self.stdout.write(f"due: {deadline.display()}")
        for step in deadline.steps:
            self.stdout.write(f"  {explain_step(step)}")

    def _deadline(self, start, rule_code, length, unit, calendar_code) -> deadlines.Deadline:
        started_at = _parse_start(start)
        if rule_code and (length is not None or unit):
            raise CommandError("give either --rule or --length with --unit, not both")
        if rule_code:
            rule = ClockRule.objects.filter(code=rule_code).first()
            if rule is None:
                codes = ", ".join(ClockRule.objects.values_list("code", flat=True))
                raise CommandError(f"no clock rule {rule_code!r}; known rules: {codes}")
            length, unit, calendar_code = rule.length, rule.unit, calendar_code or rule.calendar
        elif length is None or not unit:
            raise CommandError("give --rule, or --length with --unit")
        if unit not in deadlines.Unit.__members__.values():
            raise CommandError(f"unknown unit {unit!r}; use hours, days, working_days or months")
        if length < 1:
            raise CommandError("--length must be at least 1")
        calendar_code = calendar_code or CalendarCode.HONG_KONG
        if calendar_code not in CalendarCode.values:
            raise CommandError(f"unknown calendar {calendar_code!r}; use hk or none")
        return deadlines.compute_due(started_at, length, unit, load_calendar(calendar_code))


def _parse_start(text: str) -> datetime:
    try:
        if "T" in text:
            moment = datetime.strptime(text, "%Y-%m-%dT%H:%M")
        else:
            moment = datetime.combine(date.fromisoformat(text), time.min)
    except ValueError:
        raise CommandError(f"--start {text!r} is not a date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM)") from None
    return timezone.make_aware(moment)
