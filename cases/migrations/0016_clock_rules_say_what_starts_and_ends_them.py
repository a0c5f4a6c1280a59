"""The seeded clock rules as data: their Chinese names, the kinds of case whose receipt starts them,
and what ends or restarts them, as the services had it written in code until now.

The complainant-update clock is counted from the receipt of the complaint, and then from each
update (it rolls), so "the previous update" is no longer a trigger of its own.
"""

from django.db import migrations

COMPLAINT_KINDS = ["complaint", "doxxing"]

# code: (Chinese name, kinds of case whose receipt starts it, ends with the decision whether to
# pursue, starts again when the case is reopened)
RULES = {
    "hk-pdpo-s39-3": ("通知投訴人不進行調查的決定", COMPLAINT_KINDS, True, False),
    "hk-pdpo-s19-1": ("依從查閱資料要求", [], False, False),
    "hk-enquiry-reply": ("機構回覆查詢信", [], False, False),
    "hk-complainant-update": ("向投訴人更新進展", COMPLAINT_KINDS, False, True),
    "gdpr-art33": ("向監管機構通報個人資料外洩事故", [], False, False),
    "gdpr-art61-2": ("回覆其他監管機構的互助請求", [], False, False),
    "gdpr-art78-2": ("告知投訴人進展或結果", [], False, False),
}


def describe_rules(apps, schema_editor):
    ClockRule = apps.get_model("cases", "ClockRule")
    ClockRule.objects.filter(trigger="previous_update").update(trigger="complaint_received")
    for code, (name_zh, case_kinds, ends_with_pursuit_decision, restarts_on_reopening) in RULES.items():
        ClockRule.objects.filter(code=code).update(
            name_zh=name_zh,
            case_kinds=case_kinds,
            ends_with_pursuit_decision=ends_with_pursuit_decision,
            restarts_on_reopening=restarts_on_reopening,
        )


def restore_update_trigger(apps, schema_editor):
    ClockRule = apps.get_model("cases", "ClockRule")
    ClockRule.objects.filter(code="hk-complainant-update").update(trigger="previous_update")


class Migration(migrations.Migration):
    dependencies = [("cases", "0015_structured_texts_and_rule_behaviour")]

    operations = [migrations.RunPython(describe_rules, restore_update_trigger)]
