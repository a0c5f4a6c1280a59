"""The story DESIGN.md tells: the staff, teams and organisations, the platform's seven complaints and
the compliance check they led to."""

from dataclasses import dataclass
from datetime import time

from cases.models import (
    CaseKind,
    CaseStatus,
    Channel,
    Jurisdiction,
    Language,
    Outcome,
)
from dpa.roles import ADMINISTRATOR, AUDITOR, CASE_OFFICER, EDITOR, PUBLISHER, TEAM_LEAD

SEED = 2026
DEMO_PASSWORD = "demo-password-2026"
# Demo events are timed at opening, or now if today's opening is still to come.
OFFICE_OPENS = time(9, 30)

USERS = (
    # username, first name, last name, role
    ("officer", "Karen", "Chan", CASE_OFFICER),
    ("officer2", "Daniel", "Wong", CASE_OFFICER),
    ("teamlead", "Grace", "Leung", TEAM_LEAD),
    ("editor", "Vincent", "Lau", EDITOR),
    ("publisher", "Iris", "Ho", PUBLISHER),
    ("auditor", "Priya", "Mehta", AUDITOR),
    ("admin", "Tommy", "Ho", ADMINISTRATOR),
)
# The team lead hands cases out; "officer" gets twice the share of the others.
ASSIGNER = "teamlead"
OFFICERS = ("officer", "officer", "officer2", "teamlead")

COMPLAINTS_TEAM = "Complaints Team A"
COMPLIANCE_TEAM = "Compliance and Investigations"
# name, Chinese name, members
TEAMS = (
    (COMPLAINTS_TEAM, "投訴一組", ("officer", "officer2", "teamlead")),
    (COMPLIANCE_TEAM, "循規及調查組", ("officer2", "teamlead")),
)
TEAM_BY_KIND = {
    CaseKind.COMPLAINT: COMPLAINTS_TEAM,
    CaseKind.DOXXING: COMPLAINTS_TEAM,
    CaseKind.INCOMING_REFERRAL: COMPLAINTS_TEAM,
    CaseKind.BREACH_NOTIFICATION: COMPLIANCE_TEAM,
    CaseKind.COMPLIANCE_CHECK: COMPLIANCE_TEAM,
    CaseKind.INVESTIGATION: COMPLIANCE_TEAM,
}

PLATFORM = "Linkwave Social Limited"
BANK = "Harbour Pearl Bank Limited"
TELECOM = "Kowloon Mobile Communications Limited"
PROPERTY = "Evergreen Estate Management Company Limited"
HOSPITAL = "St. Aidan's Hospital"
RETAILER = "Golden Bauhinia Department Stores Limited"
SCHOOL = "Lion Rock International School"
GOVERNMENT = "Licensing and Registration Department"
LOGISTICS = "Swift Harbour Logistics Limited"
RECRUITER = "TalentBridge Recruitment Limited"
ONLINE_SHOP = "ShopGlobal Marketplace Pte. Ltd."

ORGANISATIONS = (
    # name, Chinese name, aliases (one a line), sector, jurisdiction, contact e-mail, address
    (
        PLATFORM,
        "連浪社交有限公司",
        "Linkwave\nLW Social",
        "social-media",
        Jurisdiction.HONG_KONG,
        "privacy@linkwave.example",
        "28/F, Linkwave Tower, Quarry Bay, Hong Kong",
    ),
    (
        BANK,
        "海珠銀行有限公司",
        "Harbour Pearl\nHPB",
        "banking-finance",
        Jurisdiction.HONG_KONG,
        "dpo@harbourpearl.example",
        "Harbour Pearl Centre, Central, Hong Kong",
    ),
    (
        TELECOM,
        "九龍流動通訊有限公司",
        "KMobile",
        "telecommunications",
        Jurisdiction.HONG_KONG,
        "privacy@kmobile.example",
        "KMobile House, Kwun Tong, Kowloon",
    ),
    (
        PROPERTY,
        "長青物業管理有限公司",
        "Evergreen Property",
        "property-management",
        Jurisdiction.HONG_KONG,
        "enquiries@evergreen-estates.example",
        "Evergreen Plaza, Sha Tin, New Territories",
    ),
    (
        HOSPITAL,
        "聖艾登醫院",
        "St Aidan's",
        "healthcare",
        Jurisdiction.HONG_KONG,
        "privacy.officer@st-aidans.example",
        "Hospital Road, Happy Valley, Hong Kong",
    ),
    (
        RETAILER,
        "金紫荊百貨有限公司",
        "Golden Bauhinia\nGB Stores",
        "retail",
        Jurisdiction.HONG_KONG,
        "customer.care@goldenbauhinia.example",
        "Golden Bauhinia Building, Mong Kok, Kowloon",
    ),
    (
        SCHOOL,
        "獅子山國際學校",
        "LRIS",
        "education",
        Jurisdiction.HONG_KONG,
        "office@lionrock-school.example",
        "Lion Rock Campus, Kowloon Tong, Kowloon",
    ),
    (
        GOVERNMENT,
        "發牌及登記署",
        "LRD",
        "government",
        Jurisdiction.HONG_KONG,
        "dpo@lrd.gov.example",
        "Government Offices, Tsuen Wan, New Territories",
    ),
    (
        LOGISTICS,
        "迅港物流有限公司",
        "Swift Harbour\nSwiftH Express",
        "transport-logistics",
        Jurisdiction.HONG_KONG,
        "privacy@swiftharbour.example",
        "Swift Harbour Logistics Centre, Kwai Chung, New Territories",
    ),
    (
        RECRUITER,
        "才橋招聘有限公司",
        "TalentBridge",
        "employment",
        Jurisdiction.HONG_KONG,
        "compliance@talentbridge.example",
        "Causeway Bay, Hong Kong",
    ),
    (
        ONLINE_SHOP,
        "",
        "ShopGlobal",
        "retail",
        Jurisdiction.SINGAPORE,
        "privacy@shopglobal.example",
        "Marina Bay, Singapore",
    ),
)


@dataclass(frozen=True)
class PlannedCase:
    """One demo case: what it is, when it came in and the path it has taken since."""

    kind: str
    title: str
    organisation: str | None
    days_ago: int
    channel: str
    language: str = Language.ENGLISH
    issue_categories: tuple[str, ...] = ()
    principles: tuple[int, ...] = ()
    description: str = ""
    complainant: tuple[str, str, str] | None = None  # name, Chinese name, e-mail
    consent: bool = False
    officer: str | None = None
    restricted: bool = False
    path: tuple[str, ...] = ()  # statuses after intake, in order
    decision: str = ""  # the reason for not pursuing, if the path goes there
    outcome: str = ""  # if the path ends closed
    notes: tuple[str, ...] = ()  # added after the path
    pace: int = 14  # days between steps


DISCLOSURE = ("disclosure-without-consent",)
IMPERSONATION = ("impersonation",)

PLATFORM_COMPLAINTS = (
    PlannedCase(
        kind=CaseKind.COMPLAINT,
        title="Posts and photos used to train Linkwave's AI model without consent",
        organisation=PLATFORM,
        days_ago=318,
        channel=Channel.ONLINE_FORM,
        issue_categories=DISCLOSURE,
        principles=(3,),
        description="The complainant never agreed to her posts being used for AI training and found the setting "
        "switched on by default after the privacy policy change.",
        complainant=("Chan Mei Ling", "陳美玲", "meiling.chan@example.com"),
        consent=True,
        officer="officer",
        path=(CaseStatus.SCREENING, CaseStatus.PRELIMINARY_ENQUIRY),
    ),
    PlannedCase(
        kind=CaseKind.COMPLAINT,
        title="Fake Linkwave account impersonating the complainant with her photos",
        organisation=PLATFORM,
        days_ago=274,
        channel=Channel.EMAIL,
        issue_categories=IMPERSONATION,
        principles=(4, 3),
        description="An account using the complainant's name and profile photos messaged her friends. "
        "Linkwave did not act on two reports.",
        complainant=("Michelle Cheung Wing Sze", "張詠詩", "michelle.cheung@example.com"),
        consent=True,
        officer="officer",
        path=(CaseStatus.SCREENING, CaseStatus.PRELIMINARY_ENQUIRY),
    ),
    PlannedCase(
        kind=CaseKind.COMPLAINT,
        title="Private messages disclosed to an AI training contractor",
        organisation=PLATFORM,
        days_ago=231,
        channel=Channel.ONLINE_FORM,
        language=Language.CHINESE,
        issue_categories=DISCLOSURE,
        principles=(3,),
        description="投訴人指連浪將其私人訊息交予第三方承辦商用作訓練人工智能模型。",
        complainant=("Wong Ka Ho", "黃家豪", "kaho.wong@example.com"),
        officer="officer",
        path=(CaseStatus.SCREENING, CaseStatus.PRELIMINARY_ENQUIRY),
    ),
    PlannedCase(
        kind=CaseKind.COMPLAINT,
        title="Impersonating account asked the complainant's contacts for money",
        organisation=PLATFORM,
        days_ago=176,
        channel=Channel.PHONE,
        issue_categories=IMPERSONATION,
        principles=(4, 3),
        description="The complainant is a well-known news presenter; the file is restricted to the officer "
        "handling it.",
        complainant=("Jason Lau Chi Keung", "", "jason.lau@example.com"),
        officer="officer2",
        restricted=True,
        path=(CaseStatus.SCREENING, CaseStatus.PRELIMINARY_ENQUIRY),
    ),
    PlannedCase(
        kind=CaseKind.COMPLAINT,
        title="Profile data shared with advertisers after the privacy policy change",
        organisation=PLATFORM,
        days_ago=122,
        channel=Channel.POST,
        language=Language.CHINESE,
        issue_categories=DISCLOSURE,
        principles=(3,),
        complainant=("Ho Yuen Ting", "何婉婷", "yuenting.ho@example.com"),
        consent=True,
        officer="officer",
        path=(CaseStatus.SCREENING, CaseStatus.NOT_PURSUED, CaseStatus.CLOSED),
        decision="The complainant withdrew the complaint after Linkwave deleted her profile data on request.",
        outcome=Outcome.WITHDRAWN,
        pace=10,
    ),
    PlannedCase(
        kind=CaseKind.COMPLAINT,
        title="Cloned account posted the complainant's photos and mobile number",
        organisation=PLATFORM,
        days_ago=41,
        channel=Channel.ONLINE_FORM,
        issue_categories=IMPERSONATION,
        principles=(4, 3),
        complainant=("Ng Kwok Wai", "吳國偉", "kwokwai.ng@example.com"),
        consent=True,
        officer="teamlead",
        path=(CaseStatus.SCREENING,),
    ),
    PlannedCase(
        kind=CaseKind.COMPLAINT,
        title="Children's photos used to train Linkwave's AI model without consent",
        organisation=PLATFORM,
        days_ago=3,
        channel=Channel.ONLINE_FORM,
        language=Language.CHINESE,
        issue_categories=DISCLOSURE,
        principles=(3,),
        description="投訴人發現其子女的相片在私隱政策更改後被用作訓練人工智能模型。",
        complainant=("Tsang Pui Yee", "曾佩儀", "puiyee.tsang@example.com"),
    ),
)

COMPLIANCE_CHECK = PlannedCase(
    kind=CaseKind.COMPLIANCE_CHECK,
    title="Default opt-in of Linkwave members' data to generative-AI training",
    organisation=PLATFORM,
    days_ago=112,
    channel=Channel.SELF_INITIATED,
    issue_categories=("ai-training",),
    principles=(1, 3, 5),
    description="Linkwave changed its privacy policy so that members' posts, photos and profile data train its "
    "generative-AI models unless members opt out. Opened after a run of complaints about the platform.",
    officer="officer2",
    path=(CaseStatus.PRELIMINARY_ENQUIRY,),
)
LINK_REASON = "Same policy change: members' data used to train Linkwave's AI by default."
NOTICE_NAME = "linkwave-privacy-policy-notice.txt"
NOTICE = """Linkwave Social: changes to our privacy policy

We are updating our privacy policy. From now on, we will use your posts, photos, comments and profile
information to train and improve Linkwave's generative-AI features.

You do not need to do anything to keep using Linkwave. If you prefer that your data is not used,
go to Settings > Privacy > AI training and switch off "Help improve Linkwave AI".
"""
