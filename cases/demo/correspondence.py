"""The demo's letters: the enquiry to the platform about default AI training, enquiries to other
organisations that were answered, extended or left unanswered, and letters to complainants."""

from dataclasses import dataclass

from cases.demo.story import ASSIGNER, BANK, COMPLIANCE_CHECK, PLATFORM, PLATFORM_COMPLAINTS, PROPERTY, TELECOM
from cases.models import Language

PLATFORM_ENQUIRY_SUBJECT = "Use of members' personal data to train Linkwave's generative-AI models by default"
PLATFORM_ENQUIRY_QUESTIONS = "\n\n".join(
    (
        "On what date did members' posts, photos and profile data start to be used to train Linkwave's "
        "generative-AI models, and which kinds of personal data are used?",
        "Which of the purposes stated to members when their data was collected covers this use? If none, on "
        "what basis do you consider that members' prescribed consent is not needed?",
        'Why is the setting "Help improve Linkwave AI" switched on by default, and how were existing members '
        "told of the change before it took effect?",
        "How can a member opt out, what happens to data already used for training when they do, and how many "
        "members have opted out so far?",
        "Is any of the data, including private messages, disclosed to contractors for training? If so, name "
        "them and send us the contract terms on personal data.",
    )
)


@dataclass(frozen=True)
class PlannedEnquiry:
    organisation: str
    subject: str
    questions: str
    language: str
    sent_days_ago: int
    reply: tuple[int, str] | None = None  # days after sending, what the reply says
    extension: tuple[int, int, str] | None = None  # days after sending, days granted, why
    # The cases it covers, by summary, and who sends it; by default the organisation's oldest open
    # case that has an officer, sent by that officer.
    cases: tuple[str, ...] = ()
    by: str | None = None


# Sent 22 days ago to cover the compliance check and the complaints about AI training; its 14-day
# reply-by date has passed with no reply, so the organisation was reminded, chased, the officer
# alerted and the team lead told.
PLATFORM_ENQUIRY = PlannedEnquiry(
    organisation=PLATFORM,
    subject=PLATFORM_ENQUIRY_SUBJECT,
    questions=PLATFORM_ENQUIRY_QUESTIONS,
    language=Language.ENGLISH,
    sent_days_ago=22,
    cases=(COMPLIANCE_CHECK.title, PLATFORM_COMPLAINTS[0].title, PLATFORM_COMPLAINTS[2].title),
    by=ASSIGNER,
)

ENQUIRIES = (
    PLATFORM_ENQUIRY,
    PlannedEnquiry(
        organisation=BANK,
        subject="Marketing calls to customers who had opted out",
        questions="How do you record a customer's request not to receive direct marketing?\n\n"
        "Why did the customers named in our file receive calls after opting out?",
        language=Language.ENGLISH,
        sent_days_ago=40,
        reply=(
            11,
            "The bank found a fault in the opt-out list sent to its call centre, fixed it and apologised to "
            "the customers affected.",
        ),
    ),
    PlannedEnquiry(
        organisation=PROPERTY,
        subject="大廈大堂張貼住戶欠款名單",
        questions="請說明在大堂張貼載有住戶姓名及單位的欠款名單的目的。\n\n"
        "名單張貼了多久？貴公司會否移除名單，並以其他方式追收欠款？",  # noqa: RUF001
        language=Language.CHINESE,
        sent_days_ago=12,
        extension=(9, 10, "The management company asked for more time to consult the owners' corporation."),
    ),
    PlannedEnquiry(
        organisation=TELECOM,
        subject="SIM card replaced without the customer's authorisation",
        questions="What identity checks does a shop make before it replaces a SIM card?\n\n"
        "Please send us the shop's record of the replacement in our file.",
        language=Language.ENGLISH,
        sent_days_ago=30,
    ),
)

ACKNOWLEDGED = tuple(plan.title for plan in PLATFORM_COMPLAINTS)
# The sweep is replayed at the start of each day of these last weeks, so the demo shows what the
# reminders sent.
REMINDER_HISTORY_DAYS = 30
