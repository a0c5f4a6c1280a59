from datetime import date, timedelta

from django.db import migrations, models


def window_from_explanation(steps) -> date | None:
    """The window's first day as ``deadlines.compute_due`` gives it, read from the first step it wrote."""
    if not steps:
        return None
    first = steps[0]
    if first["kind"] == "count_from":
        return date.fromisoformat(first["start"]) + timedelta(days=1)
    if first["kind"] in ("days", "months"):
        return date.fromisoformat(first["end"])
    return None


def fill_windows(apps, schema_editor):
    Clock = apps.get_model("cases", "Clock")
    batch = []
    for clock in Clock.objects.filter(state="running").only("pk", "explanation").iterator(chunk_size=2000):
        clock.window_starts_on = window_from_explanation(clock.explanation)
        if clock.window_starts_on is not None:
            batch.append(clock)
        if len(batch) == 1000:
            Clock.objects.bulk_update(batch, ["window_starts_on"])
            batch = []
    Clock.objects.bulk_update(batch, ["window_starts_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_referrals"),
    ]

    operations = [
        migrations.AddField(
            model_name="clock",
            name="window_starts_on",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_windows, migrations.RunPython.noop, elidable=True),
    ]
