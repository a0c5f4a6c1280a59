from django.db import migrations

PRINCIPLES = [
    (1, "Purpose and manner of collection", "收集資料原則"),
    (2, "Accuracy and duration of retention", "資料準確及保留原則"),
    (3, "Use of personal data", "使用資料原則"),
    (4, "Security of personal data", "資料保安原則"),
    (5, "Information to be generally available", "透明度原則"),
    (6, "Access to personal data", "查閱及改正原則"),
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


def load(apps, schema_editor):
    Principle = apps.get_model("cases", "DataProtectionPrinciple")
    Sector = apps.get_model("cases", "Sector")
    IssueCategory = apps.get_model("cases", "IssueCategory")
    for number, title, title_zh in PRINCIPLES:
        Principle.objects.update_or_create(
            number=number,
            defaults={"title": title, "title_zh": title_zh, "citation": f"PDPO (Cap. 486) Sch. 1, DPP{number}"},
        )
    for code, name, name_zh in SECTORS:
        Sector.objects.update_or_create(code=code, defaults={"name": name, "name_zh": name_zh})
    for code, name, name_zh in ISSUE_CATEGORIES:
        IssueCategory.objects.update_or_create(code=code, defaults={"name": name, "name_zh": name_zh})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
