"""Letters written out from their templates: the words in the letter's language, dates in words,
numbered questions, the HTML that is e-mailed and kept on the case, and the complainant identity
gate for letters to organisations.

Nothing here writes: the services send what these functions render, and the screens preview it."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cases.models import Case, Enquiry, Language, LetterKind, LetterTemplate
from cases.models.letters import PLACEHOLDER
from dpa.people import staff_name

ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Quoted in every notice of a decision not to investigate, as s.39(3) requires.
SECTION_39_4 = {
    Language.ENGLISH: (
        "Personal Data (Privacy) Ordinance (Cap. 486), section 39(4):\n"
        "An appeal may be made to the Administrative Appeals Board—\n"
        "(a) against any refusal specified in a notice under subsection (3); and\n"
        "(b) by the complainant on whom the notice was served (or, if the complainant is a relevant person, "
        "by the individual in respect of whom the complainant is such a person, or either)."
    ),
    # Chinese is written with Chinese punctuation.
    Language.CHINESE: (
        "《個人資料（私隱）條例》（第486章）第39(4)條：\n"  # noqa: RUF001
        "可就以下事宜向行政上訴委員會提出上訴——\n"
        "(a) 根據第(3)款送達的通知內指明的拒絕；及\n"  # noqa: RUF001
        "(b) 上訴由獲送達該通知的投訴人提出"
        "（如該投訴人是有關人士，則由該投訴人作為其有關人士的個人提出，或由兩者其中一人提出）。"  # noqa: RUF001
    ),
}

# A number the officer typed before a question: the letter numbers the questions itself.
TYPED_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.)、]\s*")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# What the identity gate looks through: "CHAN Tai-man" is "Chan Tai Man" and "chantaiman"; "9123-4567"
# is "91234567".
SEPARATOR = "[\\s\\-\u2010\u2011\u2013\u2014]"
LATIN_OR_DIGIT = re.compile("[A-Za-z0-9]")

HTML_LANGUAGES = {Language.ENGLISH: "en", Language.CHINESE: "zh-Hant"}


@dataclass(frozen=True)
class RenderedLetter:
    subject: str
    text: str
    html: str


def date_in_words(day: date, language: str) -> str:
    """A date as a letter writes it: "2 December 2026", or "2026年12月2日" in Chinese."""
    if language == Language.CHINESE:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def numbered_questions(questions: str) -> str:
    """One question per paragraph, numbered "1.", "2." in the order given."""
    paragraphs = PARAGRAPH_BREAK.split(questions.replace("\r\n", "\n").strip())
    asked = [TYPED_NUMBER.sub("", paragraph.strip(), count=1) for paragraph in paragraphs if paragraph.strip()]
    return "\n\n".join(f"{number}. {question}" for number, question in enumerate(asked, start=1))


def _in_language(english: str, chinese: str, language: str) -> str:
    return chinese if language == Language.CHINESE and chinese else english


def _signed_by(user) -> str:
    return "" if user is None else staff_name(user)


def _fill(text: str, values: dict[str, str]) -> str:
    # One pass over the template: what a value says is never read as a placeholder itself.
    return PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), text)


def _render(kind: str, language: str, values: dict[str, str]) -> RenderedLetter:
    template = LetterTemplate.objects.get(kind=kind)
    subject = " ".join(_fill(template.subject(language), values).split())
    if values["reference"] not in subject:
        # Replies and filters find a letter by the authority's reference in its subject.
        subject = f"{values['reference']}: {subject}"
    text = _fill(template.body(language), values).replace("\r\n", "\n").strip() + "\n"
    html = render_to_string(
        "letters/letter.html",
        {
            "language": HTML_LANGUAGES[language],
            "subject": subject,
            # Escaped paragraph by paragraph: nothing typed reaches the HTML as markup.
            "body": mark_safe(linebreaks(text.rstrip(), autoescape=True)),
        },
    )
    return RenderedLetter(subject=subject, text=text, html=html)


def render_enquiry(enquiry: Enquiry, *, reply_by: date, now: datetime) -> RenderedLetter:
    """The enquiry letter as it goes out if the reply is due on ``reply_by``."""
    language = enquiry.language
    organisation = enquiry.organisation
    values = {
        "reference": enquiry.reference,
        "date": date_in_words(timezone.localdate(now), language),
        "organisation": _in_language(organisation.name, organisation.name_zh, language),
        "subject": enquiry.subject.strip(),
        "officer": _signed_by(enquiry.officer),
        "questions": numbered_questions(enquiry.questions),
        "reply_by": date_in_words(reply_by, language),
    }
    return _render(LetterKind.ENQUIRY, language, values)


def render_case_letter(case: Case, kind: str, *, reasons: str = "", now: datetime) -> RenderedLetter:
    """A letter to the complainant of ``case``, in the case's language, signed by its officer."""
    if kind == LetterKind.ENQUIRY:
        raise ValueError("An enquiry letter is rendered from its enquiry.")
    language = case.language
    complainant = case.complainant
    values = {
        "reference": case.reference,
        "date": date_in_words(timezone.localdate(now), language),
        "officer": _signed_by(case.assigned_officer),
        "received_on": date_in_words(case.received_on, language),
        "complainant": _in_language(complainant.name, complainant.name_zh, language) if complainant else "",
        "summary": case.title,
        "reasons": reasons.replace("\r\n", "\n").strip(),
        "section_39_4": SECTION_39_4[language],
    }
    return _render(kind, language, values)


def _found_in(value: str, text: str) -> bool:
    """Whether ``value`` is in ``text`` whatever the spaces, line breaks, hyphens and case in either;
    a Latin name or a number only as a whole word, so that "Li" is not found in "policy"."""
    characters = re.sub(f"{SEPARATOR}+", "", value)
    if not characters:
        return False
    pattern = f"{SEPARATOR}*".join(re.escape(character) for character in characters)
    if LATIN_OR_DIGIT.fullmatch(characters[0]):
        pattern = f"(?<![A-Za-z0-9]){pattern}"
    if LATIN_OR_DIGIT.fullmatch(characters[-1]):
        pattern = f"{pattern}(?![A-Za-z0-9])"
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def _identity_of(complainant) -> list[str]:
    """What would identify a complainant in a letter: names, e-mail, phone (also without its
    country code, as a letter may give it) and each line of the address that has a number in it
    (a flat or a street number; a district alone names nobody)."""
    phone_digits = re.sub(r"\D", "", complainant.phone)
    local_phone = [phone_digits[-8:]] if len(phone_digits) > 8 else []
    address_lines = [line.strip(" ,") for line in complainant.address.splitlines()]
    return [
        complainant.name,
        complainant.name_zh,
        complainant.email,
        complainant.phone,
        *local_phone,
        *(line for line in address_lines if re.search(r"\d", line)),
    ]


def identity_refusal(enquiry: Enquiry, rendered: RenderedLetter) -> str | None:
    """Why the letter may not go to the organisation, or None: it would name the complainant of a
    case who has not consented to their identity being disclosed. The message names that case."""
    written = f"{rendered.subject}\n{rendered.text}"
    cases = enquiry.cases.filter(consent_to_disclose_identity=False, complainant__isnull=False)
    for case in cases.select_related("complainant").order_by("reference"):
        if any(_found_in(value, written) for value in _identity_of(case.complainant)):
            return _(
                "The letter names the complainant of %(case)s, who has not consented to their identity being "
                "disclosed to the organisation. Take their name and contact details out of the letter, or "
                "record their consent on the case, before sending it."
            ) % {"case": case.reference}
    return None


def enquiry_letter(enquiry: Enquiry, *, reply_by: date, now: datetime) -> tuple[RenderedLetter, str | None]:
    """The enquiry's letter with this reply-by date, and why it may not go (``identity_refusal``):
    what ``send_enquiry`` sends and its preview shows."""
    rendered = render_enquiry(enquiry, reply_by=reply_by, now=now)
    return rendered, identity_refusal(enquiry, rendered)
