"""The data every installation starts with: the principles, sectors, issue categories, clock
rules and staff roles. Frozen here as they were when the schema was squashed: later changes to
this data are new migrations, never edits of this one, and nothing here imports live code.

Each row is written with ``update_or_create``, so a database migrated before the squash, which
already holds this data, is brought to exactly it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PRINCIPLES = [
    (1, "Purpose and manner of collection", "收集資料原則", "PDPO (Cap. 486) Sch. 1, DPP1"),
    (2, "Accuracy and duration of retention", "資料準確及保留原則", "PDPO (Cap. 486) Sch. 1, DPP2"),
    (3, "Use of personal data", "使用資料原則", "PDPO (Cap. 486) Sch. 1, DPP3"),
    (4, "Security of personal data", "資料保安原則", "PDPO (Cap. 486) Sch. 1, DPP4"),
    (5, "Information to be generally available", "透明度原則", "PDPO (Cap. 486) Sch. 1, DPP5"),
    (6, "Access to personal data", "查閱及改正原則", "PDPO (Cap. 486) Sch. 1, DPP6"),
]

SECTORS = [
    ("banking-finance", "Banking and finance", "銀行及金融"),
    ("insurance", "Insurance", "保險"),
    ("telecommunications", "Telecommunications", "電訊"),
    ("social-media", "Social media and online platforms", "社交媒體及網上平台"),
    ("retail", "Retail and e-commerce", "零售及電子商貿"),
    ("property-management", "Property management", "物業管理"),
    ("healthcare", "Healthcare", "醫療衞生"),
    ("education", "Education", "教育"),
    ("government", "Government and public bodies", "政府及公營機構"),
    ("transport-logistics", "Transport and logistics", "運輸及物流"),
    ("employment", "Employment and recruitment", "僱傭及招聘"),
    ("technology", "Technology and artificial intelligence", "科技及人工智能"),
]

ISSUE_CATEGORIES = [
    ("excessive-collection", "Excessive or unfair collection", "過度或不公平收集"),
    ("disclosure-without-consent", "Use or disclosure without consent", "未經同意使用或披露"),
    ("data-security", "Data security and leakage", "資料保安及外洩"),
    ("access-correction", "Data access and correction requests", "查閱及改正資料要求"),
    ("direct-marketing", "Direct marketing", "直接促銷"),
    ("cctv-surveillance", "CCTV and surveillance", "閉路電視及監察"),
    ("doxxing", "Doxxing", "起底"),
    ("impersonation", "Fake accounts and impersonation", "虛假帳戶及冒認身份"),
    ("ai-training", "Use of personal data to train AI", "以個人資料訓練人工智能"),
    ("retention", "Retention longer than necessary", "保留資料超過所需時間"),
    ("transparency", "Privacy policy and transparency", "私隱政策及透明度"),
]

CLOCK_RULES = [
    {
        "code": "hk-pdpo-s39-3",
        "name": "Tell the complainant of a decision not to investigate",
        "name_zh": "通知投訴人不進行調查的決定",
        "citation": "Personal Data (Privacy) Ordinance (Cap. 486) s.39(3)",
        "length": 45,
        "unit": "days",
        "trigger": "complaint_received",
        "calendar": "hk",
        "can_pause": False,
        "max_extension_days": 0,
        "case_kinds": ["complaint", "doxxing"],
        "rolling": False,
        "ends_with_pursuit_decision": True,
        "restarts_on_reopening": False,
        "warning_days": [14, 7, 1],
    },
    {
        "code": "hk-pdpo-s19-1",
        "name": "Comply with a data access request",
        "name_zh": "依從查閱資料要求",
        "citation": "Personal Data (Privacy) Ordinance (Cap. 486) s.19(1)",
        "length": 40,
        "unit": "days",
        "trigger": "request_received",
        "calendar": "hk",
        "can_pause": False,
        "max_extension_days": 0,
        "case_kinds": [],
        "rolling": False,
        "ends_with_pursuit_decision": False,
        "restarts_on_reopening": False,
        "warning_days": [7, 1],
    },
    {
        "code": "hk-enquiry-reply",
        "name": "Organisation's reply to an enquiry letter",
        "name_zh": "機構回覆查詢信",
        "citation": "Reply-by date set in the enquiry letter (PDPO s.38 enquiry)",
        "length": 14,
        "unit": "days",
        "trigger": "enquiry_sent",
        "calendar": "hk",
        "can_pause": True,
        "max_extension_days": 28,
        "case_kinds": [],
        "rolling": False,
        "ends_with_pursuit_decision": False,
        "restarts_on_reopening": False,
        "warning_days": [3, 1],
    },
    {
        "code": "hk-complainant-update",
        "name": "Update the complainant on progress",
        "name_zh": "向投訴人更新進展",
        "citation": "Service standard: every three months while a complaint is open",
        "length": 3,
        "unit": "months",
        "trigger": "complaint_received",
        "calendar": "hk",
        "can_pause": False,
        "max_extension_days": 0,
        "case_kinds": ["complaint", "doxxing"],
        "rolling": True,
        "ends_with_pursuit_decision": False,
        "restarts_on_reopening": True,
        "warning_days": [7],
    },
    {
        "code": "gdpr-art33",
        "name": "Notify the supervisory authority of a personal data breach",
        "name_zh": "向監管機構通報個人資料外洩事故",
        "citation": "GDPR (EU) 2016/679 Art. 33(1)",
        "length": 72,
        "unit": "hours",
        "trigger": "breach_awareness",
        "calendar": "none",
        "can_pause": False,
        "max_extension_days": 0,
        "case_kinds": [],
        "rolling": False,
        "ends_with_pursuit_decision": False,
        "restarts_on_reopening": False,
        "warning_days": [],
    },
    {
        "code": "gdpr-art61-2",
        "name": "Reply to another authority's request for mutual assistance",
        "name_zh": "回覆其他監管機構的互助請求",
        "citation": "GDPR (EU) 2016/679 Art. 61(2)",
        "length": 1,
        "unit": "months",
        "trigger": "authority_request",
        "calendar": "none",
        "can_pause": False,
        "max_extension_days": 0,
        "case_kinds": [],
        "rolling": False,
        "ends_with_pursuit_decision": False,
        "restarts_on_reopening": False,
        "warning_days": [7],
    },
    {
        "code": "gdpr-art78-2",
        "name": "Inform the complainant of the progress or outcome",
        "name_zh": "告知投訴人進展或結果",
        "citation": "GDPR (EU) 2016/679 Art. 78(2)",
        "length": 3,
        "unit": "months",
        "trigger": "complaint_received",
        "calendar": "none",
        "can_pause": False,
        "max_extension_days": 0,
        "case_kinds": [],
        "rolling": True,
        "ends_with_pursuit_decision": False,
        "restarts_on_reopening": False,
        "warning_days": [14],
    },
]

# Each role and exactly the permissions it is given.
ROLES = {
    "Case officer": [
        "cases.add_case",
        "cases.add_complainant",
        "cases.add_document",
        "cases.add_organisation",
        "cases.change_case",
        "cases.change_complainant",
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
        "cases.view_issuecategory",
        "cases.view_organisation",
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
        "cases.add_organisation",
        "cases.assign_case",
        "cases.change_any_case",
        "cases.change_calendarday",
        "cases.change_case",
        "cases.change_case_confidentiality",
        "cases.change_complainant",
        "cases.change_organisation",
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
        "cases.view_historicalcalendarday",
        "cases.view_historicalcase",
        "cases.view_historicalclock",
        "cases.view_historicalclockrule",
        "cases.view_historicalcomplainant",
        "cases.view_historicaldataprotectionprinciple",
        "cases.view_historicaldocument",
        "cases.view_historicalissuecategory",
        "cases.view_historicalorganisation",
        "cases.view_historicalsector",
        "cases.view_historicalteam",
        "cases.view_identityaccess",
        "cases.view_issuecategory",
        "cases.view_organisation",
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
        "cases.view_historicalcalendarday",
        "cases.view_historicalcase",
        "cases.view_historicalclock",
        "cases.view_historicalclockrule",
        "cases.view_historicalcomplainant",
        "cases.view_historicaldataprotectionprinciple",
        "cases.view_historicaldocument",
        "cases.view_historicalissuecategory",
        "cases.view_historicalorganisation",
        "cases.view_historicalsector",
        "cases.view_historicalteam",
        "cases.view_identityaccess",
        "cases.view_issuecategory",
        "cases.view_organisation",
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
        "cases.add_issuecategory",
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
        "cases.change_issuecategory",
        "cases.change_organisation",
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
        "cases.view_historicalcalendarday",
        "cases.view_historicalcase",
        "cases.view_historicalclock",
        "cases.view_historicalclockrule",
        "cases.view_historicalcomplainant",
        "cases.view_historicaldataprotectionprinciple",
        "cases.view_historicaldocument",
        "cases.view_historicalissuecategory",
        "cases.view_historicalorganisation",
        "cases.view_historicalsector",
        "cases.view_historicalteam",
        "cases.view_identityaccess",
        "cases.view_issuecategory",
        "cases.view_organisation",
        "cases.view_restricted_cases",
        "cases.view_sector",
        "cases.view_team",
    ],
}


def load_reference_data(apps, schema_editor):
    Principle = apps.get_model("cases", "DataProtectionPrinciple")
    for number, title, title_zh, citation in PRINCIPLES:
        Principle.objects.update_or_create(
            number=number, defaults={"title": title, "title_zh": title_zh, "citation": citation}
        )
    for model_name, rows in (("Sector", SECTORS), ("IssueCategory", ISSUE_CATEGORIES)):
        model = apps.get_model("cases", model_name)
        for code, name, name_zh in rows:
            model.objects.update_or_create(code=code, defaults={"name": name, "name_zh": name_zh})
    ClockRule = apps.get_model("cases", "ClockRule")
    for rule in CLOCK_RULES:
        ClockRule.objects.update_or_create(code=rule["code"], defaults={k: v for k, v in rule.items() if k != "code"})


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
    dependencies = [
        ("cases", "0001_schema"),
        ("axes", "0010_accessattemptexpiration"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(load_reference_data, migrations.RunPython.noop),
        migrations.RunPython(load_roles, migrations.RunPython.noop),
    ]
