"""The letters the authority sends, in both languages, the reminder policy, and the roles' new
permissions for enquiries, letters and reminders.

Frozen here, like 0002's data: later changes are new migrations, and nothing here imports live code."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TEMPLATES = [
    {
        "kind": "enquiry",
        "subject_en": "Our ref. {{ reference }}: {{ subject }}",
        "body_en": (
            "{{ date }}\n\n"
            "{{ organisation }}\n\n"
            "Dear Sir or Madam,\n\n"
            "{{ subject }}\n\n"
            "We are looking into the matter above under the Personal Data (Privacy) Ordinance (Cap. 486). "
            "Please answer the following questions:\n\n"
            "{{ questions }}\n\n"
            "Please reply in writing by {{ reply_by }}, quoting our reference {{ reference }}. If you need more "
            "time, tell us before that date and say why.\n\n"
            "Yours faithfully,\n\n"
            "{{ officer }}\n"
            "for the Privacy Commissioner for Personal Data"
        ),
        "subject_zh": "本署檔號 {{ reference }}：{{ subject }}",
        "body_zh": (
            "{{ date }}\n\n"
            "{{ organisation }}\n\n"
            "敬啟者：\n\n"
            "{{ subject }}\n\n"
            "本署現根據《個人資料（私隱）條例》（第486章）跟進上述事宜，請回答以下問題：\n\n"
            "{{ questions }}\n\n"
            "請於{{ reply_by }}或之前以書面回覆，並註明本署檔號 {{ reference }}。如需更多時間，請於該日期前通知本署並說明原因。\n\n"
            "個人資料私隱專員\n"
            "（{{ officer }} 代行）"
        ),
    },
    {
        "kind": "acknowledgement",
        "subject_en": "Our ref. {{ reference }}: we have received your complaint",
        "body_en": (
            "{{ date }}\n\n"
            "Dear {{ complainant }},\n\n"
            "Thank you for your complaint received on {{ received_on }} about: {{ summary }}\n\n"
            "Your complaint has the reference {{ reference }}; please quote it when you write to us. We will "
            "tell you how we are dealing with it.\n\n"
            "Yours sincerely,\n\n"
            "{{ officer }}\n"
            "for the Privacy Commissioner for Personal Data"
        ),
        "subject_zh": "本署檔號 {{ reference }}：已收到你的投訴",
        "body_zh": (
            "{{ date }}\n\n"
            "{{ complainant }}：\n\n"
            "本署於{{ received_on }}收到你的投訴，內容關於：{{ summary }}\n\n"
            "你的投訴檔號為 {{ reference }}，來函時請註明。本署會告知你跟進情況。\n\n"
            "個人資料私隱專員\n"
            "（{{ officer }} 代行）"
        ),
    },
    {
        "kind": "progress_update",
        "subject_en": "Our ref. {{ reference }}: progress of your complaint",
        "body_en": (
            "{{ date }}\n\n"
            "Dear {{ complainant }},\n\n"
            "We are still dealing with your complaint received on {{ received_on }} about: {{ summary }}\n\n"
            "We will write to you again when there is news, and at least every three months.\n\n"
            "Yours sincerely,\n\n"
            "{{ officer }}\n"
            "for the Privacy Commissioner for Personal Data"
        ),
        "subject_zh": "本署檔號 {{ reference }}：你的投訴的進展",
        "body_zh": (
            "{{ date }}\n\n"
            "{{ complainant }}：\n\n"
            "本署仍在處理你於{{ received_on }}提出的投訴，內容關於：{{ summary }}\n\n"
            "如有進展，本署會再致函給你，並最少每三個月一次。\n\n"
            "個人資料私隱專員\n"
            "（{{ officer }} 代行）"
        ),
    },
    {
        "kind": "not_pursued",
        "subject_en": "Our ref. {{ reference }}: decision not to investigate your complaint",
        "body_en": (
            "{{ date }}\n\n"
            "Dear {{ complainant }},\n\n"
            "Notice under section 39(3) of the Personal Data (Privacy) Ordinance (Cap. 486)\n\n"
            "We have considered your complaint received on {{ received_on }} about: {{ summary }}\n\n"
            "We have decided not to carry out an investigation, for these reasons:\n\n"
            "{{ reasons }}\n\n"
            "You may appeal against this decision. A copy of section 39(4) of the Ordinance follows:\n\n"
            "{{ section_39_4 }}\n\n"
            "Yours sincerely,\n\n"
            "{{ officer }}\n"
            "for the Privacy Commissioner for Personal Data"
        ),
        "subject_zh": "本署檔號 {{ reference }}：不進行調查的決定",
        "body_zh": (
            "{{ date }}\n\n"
            "{{ complainant }}：\n\n"
            "根據《個人資料（私隱）條例》（第486章）第39(3)條發出的通知\n\n"
            "本署已考慮你於{{ received_on }}提出的投訴，內容關於：{{ summary }}\n\n"
            "本署決定不進行調查，理由如下：\n\n"
            "{{ reasons }}\n\n"
            "你可就此決定提出上訴。條例第39(4)條的文本如下：\n\n"
            "{{ section_39_4 }}\n\n"
            "個人資料私隱專員\n"
            "（{{ officer }} 代行）"
        ),
    },
]

# The s.39(3) clock is met by the notice itself, not by the decision; an update meets the
# complainant-update clock.
RULES_MET_BY_LETTERS = {"hk-pdpo-s39-3": "not_pursued", "hk-complainant-update": "progress_update"}

ROLES = {
    "Case officer": [
        "cases.add_case",
        "cases.add_complainant",
        "cases.add_document",
        "cases.add_enquiry",
        "cases.add_organisation",
        "cases.change_case",
        "cases.change_complainant",
        "cases.change_enquiry",
        "cases.change_organisation",
        "cases.view_calendarday",
        "cases.view_case",
        "cases.view_caseevent",
        "cases.view_clock",
        "cases.view_clockrule",
        "cases.view_complainant",
        "cases.view_complainant_identity",
        "cases.view_dataprotectionprinciple",
        "cases.view_document",
        "cases.view_enquiry",
        "cases.view_issuecategory",
        "cases.view_letter",
        "cases.view_lettertemplate",
        "cases.view_organisation",
        "cases.view_reminder",
        "cases.view_reminderpolicy",
        "cases.view_sector",
        "cases.view_team",
    ],
    "Team lead": [
        "axes.delete_accessattempt",
        "axes.view_accessattempt",
        "cases.add_calendarday",
        "cases.add_case",
        "cases.add_complainant",
        "cases.add_document",
        "cases.add_enquiry",
        "cases.add_organisation",
        "cases.assign_case",
        "cases.change_any_case",
        "cases.change_calendarday",
        "cases.change_case",
        "cases.change_case_confidentiality",
        "cases.change_complainant",
        "cases.change_enquiry",
        "cases.change_organisation",
        "cases.change_reminder",
        "cases.delete_calendarday",
        "cases.reopen_case",
        "cases.view_calendarday",
        "cases.view_case",
        "cases.view_caseevent",
        "cases.view_clock",
        "cases.view_clockrule",
        "cases.view_complainant",
        "cases.view_complainant_identity",
        "cases.view_dataprotectionprinciple",
        "cases.view_document",
        "cases.view_enquiry",
        "cases.view_historicalcalendarday",
        "cases.view_historicalcase",
        "cases.view_historicalclock",
        "cases.view_historicalclockrule",
        "cases.view_historicalcomplainant",
        "cases.view_historicaldataprotectionprinciple",
        "cases.view_historicaldocument",
        "cases.view_historicalenquiry",
        "cases.view_historicalissuecategory",
        "cases.view_historicalletter",
        "cases.view_historicallettertemplate",
        "cases.view_historicalorganisation",
        "cases.view_historicalreminderpolicy",
        "cases.view_historicalsector",
        "cases.view_historicalteam",
        "cases.view_identityaccess",
        "cases.view_issuecategory",
        "cases.view_letter",
        "cases.view_lettertemplate",
        "cases.view_organisation",
        "cases.view_reminder",
        "cases.view_reminderpolicy",
        "cases.view_restricted_cases",
        "cases.view_sector",
        "cases.view_team",
    ],
    "Editor": ["cases.view_dataprotectionprinciple", "cases.view_issuecategory", "cases.view_sector"],
    "Auditor": [
        "auth.view_group",
        "auth.view_user",
        "cases.view_calendarday",
        "cases.view_case",
        "cases.view_caseevent",
        "cases.view_clock",
        "cases.view_clockrule",
        "cases.view_complainant",
        "cases.view_dataprotectionprinciple",
        "cases.view_document",
        "cases.view_enquiry",
        "cases.view_historicalcalendarday",
        "cases.view_historicalcase",
        "cases.view_historicalclock",
        "cases.view_historicalclockrule",
        "cases.view_historicalcomplainant",
        "cases.view_historicaldataprotectionprinciple",
        "cases.view_historicaldocument",
        "cases.view_historicalenquiry",
        "cases.view_historicalissuecategory",
        "cases.view_historicalletter",
        "cases.view_historicallettertemplate",
        "cases.view_historicalorganisation",
        "cases.view_historicalreminderpolicy",
        "cases.view_historicalsector",
        "cases.view_historicalteam",
        "cases.view_identityaccess",
        "cases.view_issuecategory",
        "cases.view_letter",
        "cases.view_lettertemplate",
        "cases.view_organisation",
        "cases.view_reminder",
        "cases.view_reminderpolicy",
        "cases.view_sector",
        "cases.view_team",
    ],
    "Administrator": [
        "auth.add_group",
        "auth.add_user",
        "auth.change_group",
        "auth.change_user",
        "auth.view_group",
        "auth.view_user",
        "axes.delete_accessattempt",
        "axes.view_accessattempt",
        "cases.add_calendarday",
        "cases.add_case",
        "cases.add_clockrule",
        "cases.add_complainant",
        "cases.add_dataprotectionprinciple",
        "cases.add_document",
        "cases.add_enquiry",
        "cases.add_issuecategory",
        "cases.add_lettertemplate",
        "cases.add_organisation",
        "cases.add_sector",
        "cases.add_team",
        "cases.assign_case",
        "cases.change_any_case",
        "cases.change_calendarday",
        "cases.change_case",
        "cases.change_case_confidentiality",
        "cases.change_clockrule",
        "cases.change_complainant",
        "cases.change_dataprotectionprinciple",
        "cases.change_enquiry",
        "cases.change_issuecategory",
        "cases.change_lettertemplate",
        "cases.change_organisation",
        "cases.change_reminder",
        "cases.change_reminderpolicy",
        "cases.change_sector",
        "cases.change_team",
        "cases.delete_calendarday",
        "cases.delete_clockrule",
        "cases.delete_dataprotectionprinciple",
        "cases.delete_issuecategory",
        "cases.delete_sector",
        "cases.delete_team",
        "cases.reopen_case",
        "cases.view_calendarday",
        "cases.view_case",
        "cases.view_caseevent",
        "cases.view_clock",
        "cases.view_clockrule",
        "cases.view_complainant",
        "cases.view_complainant_identity",
        "cases.view_dataprotectionprinciple",
        "cases.view_document",
        "cases.view_enquiry",
        "cases.view_historicalcalendarday",
        "cases.view_historicalcase",
        "cases.view_historicalclock",
        "cases.view_historicalclockrule",
        "cases.view_historicalcomplainant",
        "cases.view_historicaldataprotectionprinciple",
        "cases.view_historicaldocument",
        "cases.view_historicalenquiry",
        "cases.view_historicalissuecategory",
        "cases.view_historicalletter",
        "cases.view_historicallettertemplate",
        "cases.view_historicalorganisation",
        "cases.view_historicalreminderpolicy",
        "cases.view_historicalsector",
        "cases.view_historicalteam",
        "cases.view_identityaccess",
        "cases.view_issuecategory",
        "cases.view_letter",
        "cases.view_lettertemplate",
        "cases.view_organisation",
        "cases.view_reminder",
        "cases.view_reminderpolicy",
        "cases.view_restricted_cases",
        "cases.view_sector",
        "cases.view_team",
    ],
}


def load_letter_templates(apps, schema_editor):
    LetterTemplate = apps.get_model("cases", "LetterTemplate")
    for template in TEMPLATES:
        LetterTemplate.objects.update_or_create(
            kind=template["kind"], defaults={key: value for key, value in template.items() if key != "kind"}
        )
    ClockRule = apps.get_model("cases", "ClockRule")
    for code, letter in RULES_MET_BY_LETTERS.items():
        ClockRule.objects.filter(code=code).update(met_by_letter=letter)
    ReminderPolicy = apps.get_model("cases", "ReminderPolicy")
    ReminderPolicy.objects.get_or_create(
        pk=1,
        defaults={"organisation_days_before": [3], "organisation_days_after": [1, 7, 14], "escalate_after_days": 3},
    )


def load_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in Permission.objects.select_related("content_type")
    }
    for role, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([permissions[code] for code in codes])


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_enquiries_letters_reminders")]

    operations = [
        migrations.RunPython(load_letter_templates, migrations.RunPython.noop),
        migrations.RunPython(load_roles, migrations.RunPython.noop),
    ]
