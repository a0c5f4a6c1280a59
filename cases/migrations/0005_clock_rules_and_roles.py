from django.db import migrations

from dpa.roles import apply_roles

# code, name, citation, length, unit, counted from, calendar, can pause, longest extension, rolling, warn
CLOCK_RULES = [
    (
        "hk-pdpo-s39-3",
        "Tell the complainant of a decision not to investigate",
        "Personal Data (Privacy) Ordinance (Cap. 486) s.39(3)",
        45,
        "days",
        "complaint_received",
        "hk",
        False,
        0,
        False,
        "14,7,1",
    ),
    (
        "hk-pdpo-s19-1",
        "Comply with a data access request",
        "Personal Data (Privacy) Ordinance (Cap. 486) s.19(1)",
        40,
        "days",
        "request_received",
        "hk",
        False,
        0,
        False,
        "7,1",
    ),
    (
        "hk-enquiry-reply",
        "Organisation's reply to an enquiry letter",
        "Reply-by date set in the enquiry letter (PDPO s.38 enquiry)",
        14,
        "days",
        "enquiry_sent",
        "hk",
        True,
        28,
        False,
        "3,1",
    ),
    (
        "hk-complainant-update",
        "Update the complainant on progress",
        "Service standard: every three months while a complaint is open",
        3,
        "months",
        "previous_update",
        "hk",
        False,
        0,
        True,
        "7",
    ),
    (
        "gdpr-art33",
        "Notify the supervisory authority of a personal data breach",
        "GDPR (EU) 2016/679 Art. 33(1)",
        72,
        "hours",
        "breach_awareness",
        "none",
        False,
        0,
        False,
        "",
    ),
    (
        "gdpr-art61-2",
        "Reply to another authority's request for mutual assistance",
        "GDPR (EU) 2016/679 Art. 61(2)",
        1,
        "months",
        "authority_request",
        "none",
        False,
        0,
        False,
        "7",
    ),
    (
        "gdpr-art78-2",
        "Inform the complainant of the progress or outcome",
        "GDPR (EU) 2016/679 Art. 78(2)",
        3,
        "months",
        "complaint_received",
        "none",
        False,
        0,
        True,
        "14",
    ),
]


def load_rules(apps, schema_editor):
    ClockRule = apps.get_model("cases", "ClockRule")
    for code, name, citation, length, unit, trigger, calendar, can_pause, extension, rolling, warn in CLOCK_RULES:
        ClockRule.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "citation": citation,
                "length": length,
                "unit": unit,
                "trigger": trigger,
                "calendar": calendar,
                "can_pause": can_pause,
                "max_extension_days": extension,
                "rolling": rolling,
                "warning_days": warn,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_clocks_and_calendars")]

    operations = [
        migrations.RunPython(load_rules, migrations.RunPython.noop),
        migrations.RunPython(apply_roles, migrations.RunPython.noop),
    ]
