"""``manage.py load_demo``: the story DESIGN.md tells, plus a year of ordinary casework around it.

Every change goes through ``cases.services``, so each case carries the timeline a real one would.
Running it again creates nothing: organisations, teams and users are found by name, cases by
organisation and summary. Demo logins are created only when DEBUG is on.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cases import services
from cases.models import (
    TRANSITIONS,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Channel,
    Complainant,
    Confidentiality,
    DataProtectionPrinciple,
    Document,
    IssueCategory,
    Jurisdiction,
    Language,
    Organisation,
    Outcome,
    Sector,
    Team,
)
from cases.roles import ADMINISTRATOR, AUDITOR, CASE_OFFICER, EDITOR, TEAM_LEAD

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
    ("auditor", "Priya", "Mehta", AUDITOR),
    ("admin", "Tommy", "Ho", ADMINISTRATOR),
)
# The team lead hands cases out; "officer" gets twice the share of the others.
ASSIGNER = "teamlead"
OFFICERS = ("officer", "officer", "officer2", "teamlead")

COMPLAINTS_TEAM = "Complaints Team A"
COMPLIANCE_TEAM = "Compliance and Investigations"
TEAMS = (
    (COMPLAINTS_TEAM, ("officer", "officer2", "teamlead")),
    (COMPLIANCE_TEAM, ("officer2", "teamlead")),
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
    notes=(
        "Enquiry letter sent to Linkwave: the legal basis for using members' data to train its models, the data "
        "used, and how members can opt out. Reply requested within 14 days.",
        "No reply by the reply-by date. Chaser sent to Linkwave's data protection officer.",
    ),
)
LINK_REASON = "Same policy change: members' data used to train Linkwave's AI by default."
NOTICE_NAME = "linkwave-privacy-policy-notice.txt"
NOTICE = """Linkwave Social: changes to our privacy policy

We are updating our privacy policy. From now on, we will use your posts, photos, comments and profile
information to train and improve Linkwave's generative-AI features.

You do not need to do anything to keep using Linkwave. If you prefer that your data is not used,
go to Settings > Privacy > AI training and switch off "Help improve Linkwave AI".
"""

# Kinds are given by their codes (``CaseKind`` values) to keep one case to a line.
OTHER_CASES = {
    # organisation: (kind, summary, issue category, principles), ...
    BANK: (
        ("complaint", "Loan application data passed to an insurance affiliate for marketing", "direct-marketing", (3,)),
        ("complaint", "Statements sent to a former address after a change was reported", "data-security", (2, 4)),
        ("breach", "Phishing attack exposed online banking customers' contact details", "data-security", (4,)),
        ("complaint", "Data access request for call recordings refused", "access-correction", (6,)),
        ("investigation", "Staff selling customers' data to loan agents", "disclosure-without-consent", (3, 4)),
    ),
    TELECOM: (
        ("complaint", "Marketing calls continued after the customer opted out", "direct-marketing", (3,)),
        ("breach", "Unauthorised access to SIM replacement records", "data-security", (4,)),
        ("complaint", "Copy of identity card kept after a prepaid SIM registration", "excessive-collection", (1,)),
        ("compliance", "Retention of real-name SIM registration data", "retention", (2, 4)),
        ("complaint", "Call records disclosed to the customer's estranged husband", "disclosure-without-consent", (3,)),
    ),
    PROPERTY: (
        ("complaint", "CCTV camera in a lift lobby pointing into a flat", "cctv-surveillance", (1,)),
        ("complaint", "Owners' names and arrears posted on the notice board", "disclosure-without-consent", (3,)),
        ("complaint", "Visitors' identity card numbers recorded at the entrance", "excessive-collection", (1,)),
        ("breach", "Lost USB drive with residents' contact list", "data-security", (4,)),
        ("complaint", "Request for meeting minutes naming the complainant refused", "access-correction", (6,)),
    ),
    HOSPITAL: (
        ("breach", "Patient records e-mailed to the wrong clinic", "data-security", (4,)),
        ("complaint", "Medical report released to an employer without consent", "disclosure-without-consent", (3,)),
        ("complaint", "Data access request for medical records not answered in 40 days", "access-correction", (6,)),
        ("investigation", "Ransomware attack on the appointment booking system", "data-security", (4,)),
        ("compliance", "Use of patient records to train a diagnostic AI tool", "ai-training", (1, 3)),
    ),
    RETAILER: (
        ("complaint", "Membership data used for marketing by partner brands", "direct-marketing", (3,)),
        ("breach", "Loyalty programme database exposed by a misconfigured server", "data-security", (4,)),
        ("complaint", "Facial recognition cameras at store entrances", "cctv-surveillance", (1, 5)),
        ("complaint", "Excessive personal data demanded for a product warranty", "excessive-collection", (1,)),
    ),
    SCHOOL: (
        ("complaint", "Examination results posted in a parents' group chat", "disclosure-without-consent", (3,)),
        ("complaint", "Parent's request for a copy of CCTV footage refused", "access-correction", (6,)),
        ("breach", "Teacher's laptop with student records stolen", "data-security", (4,)),
        ("complaint", "Student photos used in advertising without consent", "disclosure-without-consent", (3,)),
    ),
    GOVERNMENT: (
        ("complaint", "Licence holder's home address given to a third party", "disclosure-without-consent", (3,)),
        ("complaint", "Request to correct a misspelt name refused", "access-correction", (2, 6)),
        ("breach", "Application forms left in an unlocked public area", "data-security", (4,)),
        ("compliance", "Collection statement of the online licence renewal service", "transparency", (1, 5)),
    ),
    LOGISTICS: (
        ("breach", "Delivery labels with recipients' phone numbers sold online", "data-security", (4,)),
        ("doxxing", "Courier posted a customer's address and photo online after a dispute", "doxxing", (3,)),
        ("complaint", "Delivery app tracks drivers' location outside working hours", "excessive-collection", (1,)),
        ("complaint", "Identity card image required to collect a parcel", "excessive-collection", (1,)),
    ),
    RECRUITER: (
        ("complaint", "CV forwarded to employers without the candidate's consent", "disclosure-without-consent", (3,)),
        ("complaint", "Applicants' data kept for years after the recruitment ended", "retention", (2,)),
        ("breach", "Candidate database leaked by a former consultant", "data-security", (4,)),
        ("investigation", "Job seekers' personal data sold to a marketing company", "direct-marketing", (3,)),
        ("complaint", "Unsuccessful candidate refused access to interview notes", "access-correction", (6,)),
    ),
    ONLINE_SHOP: (
        ("referral", "Order history disclosed to a courier's marketing arm", "disclosure-without-consent", (3,)),
        ("complaint", "Account not deleted after the customer closed it", "retention", (2,)),
        ("referral", "Marketing e-mails to Hong Kong customers after they opted out", "direct-marketing", (3,)),
        ("complaint", "Payment card details stored without notice", "data-security", (4, 5)),
        ("referral", "Hong Kong users' data transferred abroad without notice", "transparency", (1, 5)),
    ),
    # Doxxing by individuals, with no organisation to complain against.
    None: (
        ("doxxing", "Personal data of a district councillor's family posted on a forum", "doxxing", (3,)),
        ("doxxing", "Photos and workplace of a nurse circulated in a messaging channel", "doxxing", (3,)),
        ("doxxing", "Teacher's home address posted after a school incident", "doxxing", (3,)),
        ("doxxing", "Journalist's personal data posted in a public channel", "doxxing", (3,)),
    ),
}

CHANNELS = {
    CaseKind.COMPLAINT: (
        Channel.ONLINE_FORM,
        Channel.ONLINE_FORM,
        Channel.EMAIL,
        Channel.POST,
        Channel.PHONE,
        Channel.IN_PERSON,
    ),
    CaseKind.BREACH_NOTIFICATION: (Channel.EMAIL, Channel.ONLINE_FORM),
    CaseKind.COMPLIANCE_CHECK: (Channel.SELF_INITIATED,),
    CaseKind.INVESTIGATION: (Channel.SELF_INITIATED,),
    CaseKind.DOXXING: (Channel.ONLINE_FORM, Channel.EMAIL, Channel.PHONE),
    CaseKind.INCOMING_REFERRAL: (Channel.PARTNER,),
}
# The share of each kind's cases that come in Traditional Chinese.
CHINESE_SHARE = {CaseKind.COMPLAINT: 0.35, CaseKind.DOXXING: 0.5, CaseKind.BREACH_NOTIFICATION: 0.2}
KINDS_WITH_COMPLAINANT = {CaseKind.COMPLAINT, CaseKind.DOXXING, CaseKind.INCOMING_REFERRAL}

SURNAMES = (
    ("Chan", "陳"),
    ("Wong", "黃"),
    ("Lee", "李"),
    ("Cheung", "張"),
    ("Lau", "劉"),
    ("Ho", "何"),
    ("Ng", "吳"),
    ("Leung", "梁"),
    ("Tsang", "曾"),
    ("Yip", "葉"),
)
GIVEN_NAMES = (
    ("Ka Man", "嘉敏"),
    ("Chi Wai", "志偉"),
    ("Wing Yan", "詠欣"),
    ("Siu Fung", "少峰"),
    ("Hoi Ying", "凱瑩"),
    ("Tsz Kin", "子健"),
    ("Mei Kuen", "美娟"),
    ("Kwok Leung", "國樑"),
    ("Sze Wing", "詩穎"),
    ("Ho Yin", "浩賢"),
)
ENGLISH_NAMES = ("Jason", "Michelle", "Kelvin", "Winnie", "Raymond", "Cindy", "Alan", "Queenie")

MOVE_REASONS = {
    CaseStatus.SCREENING: "Papers complete; screening started.",
    CaseStatus.PRELIMINARY_ENQUIRY: "Preliminary enquiry: the organisation is asked for its account.",
    CaseStatus.CONCILIATION: "Both parties willing to try conciliation.",
    CaseStatus.INVESTIGATION: "Investigation under PDPO s.38.",
    CaseStatus.RESULT: "Result letter issued to the parties.",
}
NOT_PURSUED_REASONS = (
    "The further information asked for was not given within 21 days.",
    "No evidence of a contravention on the information available.",
    "The organisation had already put the matter right; no further action would achieve more.",
)
CLOSING_REASONS = {
    Outcome.NO_CONTRAVENTION: "The evidence does not show a contravention of the PDPO.",
    Outcome.CONTRAVENTION: "Contravention found; the organisation has taken the remedial steps asked for.",
    Outcome.ENFORCEMENT_NOTICE: "Enforcement notice served and complied with.",
    Outcome.CONCILIATED: "The organisation apologised and deleted the data; the complainant is satisfied.",
    Outcome.ADVICE_GIVEN: "Advice given to the organisation on its practices.",
    Outcome.NOT_PURSUED: "Not pursued, for the reason recorded in the decision.",
    Outcome.WITHDRAWN: "The complainant withdrew the complaint.",
}


def plan_other_cases(today: date) -> list[PlannedCase]:
    """The rest of the year's casework: the same on every run, apart from dates counted back from today."""
    rng = random.Random(SEED)
    rows = [(organisation, *entry) for organisation, entries in OTHER_CASES.items() for entry in entries]
    new_this_week = set(rng.sample(range(len(rows)), 6))
    plans = []
    for index, (organisation, kind, title, issue, principles) in enumerate(rows):
        # Kept within this week, so the home page's "new this week" is never empty.
        days_ago = min(rng.randint(0, 6), today.weekday()) if index in new_this_week else rng.randint(7, 360)
        pace = rng.randint(5, 30)
        path = _random_path(kind, steps=min(rng.randint(1, 6), days_ago // pace), rng=rng)
        complainant = _random_complainant(rng) if kind in KINDS_WITH_COMPLAINANT else None
        if kind == CaseKind.DOXXING:
            officer = "officer2"  # doxxing cases are restricted and go to one officer
        elif len(path) <= 1 and rng.random() < 0.5:
            officer = None
        else:
            officer = rng.choice(OFFICERS)
        plans.append(
            PlannedCase(
                kind=kind,
                title=title,
                organisation=organisation,
                days_ago=days_ago,
                channel=rng.choice(CHANNELS[kind]),
                language=Language.CHINESE if rng.random() < CHINESE_SHARE.get(kind, 0) else Language.ENGLISH,
                issue_categories=(issue,),
                principles=principles,
                complainant=complainant,
                consent=complainant is not None and rng.random() < 0.6,
                officer=officer,
                restricted=kind == CaseKind.DOXXING,
                path=path,
                decision=rng.choice(NOT_PURSUED_REASONS) if CaseStatus.NOT_PURSUED in path else "",
                outcome=_random_outcome(path, rng) if CaseStatus.CLOSED in path else "",
                pace=pace,
            )
        )
    return plans


def _random_path(kind: str, *, steps: int, rng: random.Random) -> tuple[str, ...]:
    """Up to ``steps`` moves from intake along the kind's workflow, stopping once closed."""
    path = []
    status = CaseStatus.INTAKE
    while len(path) < steps and status != CaseStatus.CLOSED:
        options = sorted(TRANSITIONS[kind][status])
        # Most cases are pursued; a few are not.
        if CaseStatus.NOT_PURSUED in options and rng.random() < 0.8:
            options.remove(CaseStatus.NOT_PURSUED)
        status = rng.choice(options)
        path.append(status)
    return tuple(path)


def _random_outcome(path: tuple[str, ...], rng: random.Random) -> str:
    if CaseStatus.NOT_PURSUED in path:
        return Outcome.NOT_PURSUED
    if CaseStatus.INVESTIGATION in path:
        return rng.choice((Outcome.CONTRAVENTION, Outcome.ENFORCEMENT_NOTICE, Outcome.NO_CONTRAVENTION))
    if CaseStatus.CONCILIATION in path:
        return Outcome.CONCILIATED
    return rng.choice((Outcome.ADVICE_GIVEN, Outcome.NO_CONTRAVENTION))


def _random_complainant(rng: random.Random) -> tuple[str, str, str]:
    """A Hong Kong name (some with an English first name), often with its Chinese form, and an e-mail."""
    surname, surname_zh = rng.choice(SURNAMES)
    given, given_zh = rng.choice(GIVEN_NAMES)
    english = rng.choice(ENGLISH_NAMES) if rng.random() < 0.4 else ""
    name = f"{english} {surname} {given}".strip()
    name_zh = surname_zh + given_zh if rng.random() < 0.7 else ""
    email = f"{(english or given.replace(' ', '')).lower()}.{surname.lower()}{rng.randint(10, 99)}@example.com"
    return name, name_zh, email


def _office_time(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, OFFICE_OPENS))


def load_users() -> dict:
    """The demo logins, one per role. Users that already exist are left as they are."""
    User = get_user_model()
    users = {}
    for username, first_name, last_name, role in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                first_name=first_name,
                last_name=last_name,
                email=f"{first_name}.{last_name}@dpa.example".lower(),
                is_staff=True,
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            user.groups.add(Group.objects.get(name=role))
        users[username] = user
    return users


def load_teams(users: dict) -> dict[str, Team]:
    teams = {}
    for name, usernames in TEAMS:
        teams[name], _ = Team.objects.get_or_create(name=name)
        teams[name].members.add(*(users[username] for username in usernames if username in users))
    return teams


def load_organisations() -> dict[str, Organisation]:
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    organisations = {}
    for name, name_zh, aliases, sector, jurisdiction, email, address in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.get_or_create(
            name=name,
            jurisdiction=jurisdiction,
            defaults={
                "name_zh": name_zh,
                "aliases": aliases,
                "sector": sectors[sector],
                "contact_email": email,
                "address": address,
            },
        )
    return organisations


def load_case(plan: PlannedCase, *, organisations: dict, teams: dict, users: dict, now: datetime) -> Case:
    """Open the planned case and take it along its path through the services, unless it exists already."""
    organisation = organisations.get(plan.organisation)
    existing = Case.objects.filter(organisation=organisation, title=plan.title).first()
    if existing is not None:
        return existing
    complainant = None
    if plan.complainant is not None:
        name, name_zh, email = plan.complainant
        complainant = Complainant(name=name, name_zh=name_zh, email=email)
        complainant.full_clean()
        complainant.save()
    received_on = timezone.localdate(now) - timedelta(days=plan.days_ago)
    received_at = min(now, _office_time(received_on))
    breach_times = {}
    if plan.kind == CaseKind.BREACH_NOTIFICATION:
        # Some organisations notify within 72 hours of becoming aware, some do not.
        hours_late = 20 + plan.days_ago % 90
        breach_times = {"breach_aware_at": received_at - timedelta(hours=hours_late), "breach_notified_at": received_at}
    case = services.open_case(
        **breach_times,
        kind=plan.kind,
        title=plan.title,
        description=plan.description,
        received_on=received_on,
        channel=plan.channel,
        language=plan.language,
        organisation=organisation,
        complainant=complainant,
        consent_to_disclose_identity=plan.consent,
        principles=DataProtectionPrinciple.objects.filter(number__in=plan.principles),
        issue_categories=IssueCategory.objects.filter(code__in=plan.issue_categories),
        team=teams[TEAM_BY_KIND[plan.kind]],
        confidentiality=Confidentiality.RESTRICTED if plan.restricted else Confidentiality.NORMAL,
        by=None,
        now=received_at,
    )
    officer = users.get(plan.officer)
    if officer is not None and ASSIGNER in users:
        case = services.assign_case(
            case, officer=officer, by=users[ASSIGNER], now=min(now, received_at + timedelta(hours=2))
        )
    for step, status in enumerate(plan.path, start=1):
        at = min(now, received_at + timedelta(days=step * plan.pace))
        if status == CaseStatus.CLOSED:
            reason = CLOSING_REASONS[plan.outcome]
            case = services.close_case(case, outcome=plan.outcome, reason=reason, by=officer, now=at)
        else:
            reason = plan.decision if status == CaseStatus.NOT_PURSUED else MOVE_REASONS[status]
            case = services.move_case(case, to=status, reason=reason, by=officer, now=at)
    for step, text in enumerate(plan.notes, start=len(plan.path) + 1):
        services.add_note(case, text=text, by=officer, now=min(now, received_at + timedelta(days=step * plan.pace)))
    return case


def finish_story(cases: dict[str, Case], *, now: datetime) -> None:
    """Link the platform's complaints to the compliance check and put the platform's notice on file."""
    check = cases[COMPLIANCE_CHECK.title]
    # Whoever holds the check links it and files the notice; with no officer yet, the system links.
    officer = check.assigned_officer
    for plan in PLATFORM_COMPLAINTS:
        complaint = cases[plan.title]
        if check.related_cases.filter(pk=complaint.pk).exists():
            continue
        linked_at = _office_time(max(check.received_on, complaint.received_on) + timedelta(days=1))
        services.link_cases(check, complaint, reason=LINK_REASON, by=officer, now=min(now, linked_at))
    # A document needs someone who uploaded it.
    if officer is not None and not check.documents.filter(original_name=NOTICE_NAME).exists():
        services.add_document(
            check,
            uploaded=SimpleUploadedFile(NOTICE_NAME, NOTICE.encode(), content_type="text/plain"),
            description="Linkwave's notice to members about the privacy policy change",
            by=officer,
            now=min(now, _office_time(check.received_on + timedelta(days=1))),
        )


COUNTED = (get_user_model(), Team, Organisation, Complainant, Case, CaseEvent, Document)


class Command(BaseCommand):
    help = "Load the demo story: a platform's seven complaints and compliance check, and a year of other cases."

    def handle(self, *args, **options):
        now = timezone.now()
        before = {model: model.objects.count() for model in COUNTED}
        # Deadlines are counted on the real calendar, so the holidays come first.
        services.sync_holidays(years=range(now.year - 2, now.year + 2), now=now)
        with transaction.atomic():
            users = load_users() if settings.DEBUG else {}
            teams = load_teams(users)
            organisations = load_organisations()
            plans = [*PLATFORM_COMPLAINTS, COMPLIANCE_CHECK, *plan_other_cases(timezone.localdate(now))]
            cases = {
                plan.title: load_case(plan, organisations=organisations, teams=teams, users=users, now=now)
                # Oldest first, so reference numbers follow the order cases came in.
                for plan in sorted(plans, key=lambda plan: (-plan.days_ago, plan.title))
            }
            finish_story(cases, now=now)
        created = {model: model.objects.count() - before[model] for model in COUNTED}
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    "DEBUG is off: demo logins were skipped, so the demo cases have no assigned officer. "
                    "Run with DJANGO_DEBUG=1 to get the logins."
                )
            )
        if any(created.values()):
            summary = ", ".join(
                f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
                for model, count in created.items()
                if count
            )
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}."))
        else:
            self.stdout.write("Demo data already loaded: nothing to add.")
