import cases.models.clocks
from django.db import migrations


def to_lists(apps, schema_editor):
    """ "7,1" becomes [7, 1], largest first, for the rules and their history alike."""
    for model_name in ("ClockRule", "HistoricalClockRule"):
        model = apps.get_model("cases", model_name)
        for row in model.objects.all():
            days = sorted({int(part) for part in row.warning_days.split(",") if part.strip()}, reverse=True)
            model.objects.filter(pk=row.pk).update(warning_days_list=days)


def to_text(apps, schema_editor):
    for model_name in ("ClockRule", "HistoricalClockRule"):
        model = apps.get_model("cases", model_name)
        for row in model.objects.all():
            model.objects.filter(pk=row.pk).update(warning_days=",".join(str(days) for days in row.warning_days_list))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_clock_rule_plausible_periods"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=model_name,
                name="warning_days_list",
                field=cases.models.clocks.DaysBeforeField(
                    blank=True, default=list, verbose_name="warn this many days before"
                ),
            )
            for model_name in ("clockrule", "historicalclockrule")
        ],
        migrations.RunPython(to_lists, to_text),
        *[
            migrations.RemoveField(model_name=model_name, name="warning_days")
            for model_name in ("clockrule", "historicalclockrule")
        ],
        *[
            migrations.RenameField(model_name=model_name, old_name="warning_days_list", new_name="warning_days")
            for model_name in ("clockrule", "historicalclockrule")
        ],
    ]
