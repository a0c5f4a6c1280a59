"""A year of ordinary casework around the story: planned from a table and a seeded random walk."""

import random
from datetime import date

from cases.demo.story import (
    BANK,
    GOVERNMENT,
    HOSPITAL,
    LOGISTICS,
    OFFICERS,
    ONLINE_SHOP,
    PROPERTY,
    RECRUITER,
    RETAILER,
    SCHOOL,
    SEED,
    TELECOM,
    PlannedCase,
)
from cases.models import (
    KINDS_NEEDING_COMPLAINANT,
    TRANSITIONS,
    CaseKind,
    CaseStatus,
    Channel,
    Language,
    Outcome,
)

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
# Referrals from partners often name the person too.
KINDS_WITH_COMPLAINANT = {*KINDS_NEEDING_COMPLAINANT, CaseKind.INCOMING_REFERRAL}

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
