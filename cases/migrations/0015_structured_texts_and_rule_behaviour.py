"""Clock rules say what starts and ends them; explanations and timeline entries become data.

The free-text explanations of clocks cannot become the structured steps that replace them without
the live deadline arithmetic, which a migration must not import: they are dropped, and a running
clock gets its structured explanation at its next recomputation (``sync_holidays``, which
``load_demo`` and ``make migrate`` run, recomputes every running clock on the Hong Kong calendar
while it gives the holidays on file their Chinese names). Timeline entries written before keep
their English text; new ones keep a message, written out in the reader's language.
"""

import cases.models.clocks
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_case_export_access"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="clockrule",
            name="clock_rule_trigger_valid",
        ),
        migrations.AddField(
            model_name="calendarday",
            name="name_zh",
            field=models.CharField(
                blank=True,
                help_text="Read in Chinese; without it, a reader of Chinese sees only the kind of day.",
                max_length=120,
                verbose_name="Chinese name",
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="message",
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="message"),
        ),
        migrations.AddField(
            model_name="clockrule",
            name="case_kinds",
            field=cases.models.clocks.CaseKindsField(
                blank=True,
                default=list,
                help_text="The kinds of case on which its event starts it; none: it is only started by hand.",
                verbose_name="kinds of case",
            ),
        ),
        migrations.AddField(
            model_name="clockrule",
            name="ends_with_pursuit_decision",
            field=models.BooleanField(
                default=False,
                help_text="Met when the case is decided not to be pursued; stopped when it moves to conciliation or investigation.",
                verbose_name="ends with the decision whether to pursue",
            ),
        ),
        migrations.AddField(
            model_name="clockrule",
            name="name_zh",
            field=models.CharField(blank=True, max_length=200, verbose_name="Chinese name"),
        ),
        migrations.AddField(
            model_name="clockrule",
            name="restarts_on_reopening",
            field=models.BooleanField(
                default=False,
                help_text="Counted from the reopening.",
                verbose_name="starts again when the case is reopened",
            ),
        ),
        migrations.AddField(
            model_name="historicalcalendarday",
            name="name_zh",
            field=models.CharField(
                blank=True,
                help_text="Read in Chinese; without it, a reader of Chinese sees only the kind of day.",
                max_length=120,
                verbose_name="Chinese name",
            ),
        ),
        migrations.AddField(
            model_name="historicalclockrule",
            name="case_kinds",
            field=cases.models.clocks.CaseKindsField(
                blank=True,
                default=list,
                help_text="The kinds of case on which its event starts it; none: it is only started by hand.",
                verbose_name="kinds of case",
            ),
        ),
        migrations.AddField(
            model_name="historicalclockrule",
            name="ends_with_pursuit_decision",
            field=models.BooleanField(
                default=False,
                help_text="Met when the case is decided not to be pursued; stopped when it moves to conciliation or investigation.",
                verbose_name="ends with the decision whether to pursue",
            ),
        ),
        migrations.AddField(
            model_name="historicalclockrule",
            name="name_zh",
            field=models.CharField(blank=True, max_length=200, verbose_name="Chinese name"),
        ),
        migrations.AddField(
            model_name="historicalclockrule",
            name="restarts_on_reopening",
            field=models.BooleanField(
                default=False,
                help_text="Counted from the reopening.",
                verbose_name="starts again when the case is reopened",
            ),
        ),
        migrations.AddField(
            model_name="historicalteam",
            name="name_zh",
            field=models.CharField(blank=True, max_length=120, verbose_name="Chinese name"),
        ),
        migrations.AddField(
            model_name="team",
            name="name_zh",
            field=models.CharField(blank=True, max_length=120, verbose_name="Chinese name"),
        ),
        migrations.AlterField(
            model_name="clockrule",
            name="trigger",
            field=models.CharField(
                choices=[
                    ("complaint_received", "receipt of the complaint"),
                    ("request_received", "receipt of the request"),
                    ("enquiry_sent", "sending of the enquiry"),
                    ("breach_awareness", "awareness of the breach"),
                    ("authority_request", "receipt of another authority's request"),
                ],
                max_length=30,
                verbose_name="counted from",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclockrule",
            name="trigger",
            field=models.CharField(
                choices=[
                    ("complaint_received", "receipt of the complaint"),
                    ("request_received", "receipt of the request"),
                    ("enquiry_sent", "sending of the enquiry"),
                    ("breach_awareness", "awareness of the breach"),
                    ("authority_request", "receipt of another authority's request"),
                ],
                max_length=30,
                verbose_name="counted from",
            ),
        ),
        migrations.RemoveField(
            model_name="clock",
            name="explanation",
        ),
        migrations.RemoveField(
            model_name="historicalclock",
            name="explanation",
        ),
        migrations.AddField(
            model_name="clock",
            name="explanation",
            field=models.JSONField(
                blank=True, default=list, editable=False, verbose_name="how the due date was reached"
            ),
        ),
        migrations.AddField(
            model_name="historicalclock",
            name="explanation",
            field=models.JSONField(
                blank=True, default=list, editable=False, verbose_name="how the due date was reached"
            ),
        ),
    ]
