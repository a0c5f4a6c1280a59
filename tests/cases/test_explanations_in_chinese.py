"""In Traditional Chinese, no explanation of a due date and no entry the system writes on a timeline
keeps a word of English: weekdays, months, holidays, warning days and rules all read in Chinese.

These tests fail until the Chinese translations of the strings in ``cases/explanations.py`` and
``cases/timeline_messages.py`` are in ``locale/zh_Hant/LC_MESSAGES/django.po`` (and compiled).
The only Latin letters allowed are what is kept as it was typed or as it is filed: usernames,
e-mail addresses and references.
"""

import re
from datetime import date

import pytest
from django.utils import translation

from cases import explanations, services, timeline_messages
from cases.models import CaseEvent, CaseStatus, Outcome
from tests.helpers.cases import open_case
from tests.helpers.clocks import ENQUIRY, add_day_and_move, start_clock
from tests.helpers.explanation_examples import MESSAGES, STEPS
from tests.helpers.moments import at

# A reference sits against Chinese text with no space, so it is bounded by what is not ASCII.
AS_TYPED = re.compile(r"\b(officer2|officer|teamlead)\b|[\w.+-]+@[\w.-]+|(?<![A-Za-z0-9])[A-Z]{3}-\d{4}-\d{5}(?!\d)")
LATIN_LETTERS = re.compile(r"[A-Za-z]+")


def _english_words(text: str) -> list[str]:
    return LATIN_LETTERS.findall(AS_TYPED.sub("", text))


@pytest.fixture(autouse=True)
def in_chinese():
    with translation.override("zh-hant"):
        yield


@pytest.mark.parametrize(
    "step", [step for step, _ in STEPS], ids=[f"{step['kind']}-{n}" for n, (step, _) in enumerate(STEPS)]
)
def test_every_kind_of_step_reads_in_chinese(step):
    assert _english_words(explanations.explain_step(step)) == []


@pytest.mark.parametrize(
    "message", [message for message, _ in MESSAGES], ids=[f"{m['code']}-{n}" for n, (m, _) in enumerate(MESSAGES)]
)
def test_every_timeline_message_reads_in_chinese(message):
    assert _english_words(timeline_messages.describe(message)) == []


@pytest.mark.django_db
def test_a_complaints_clocks_and_timeline_read_in_chinese_from_start_to_finish(lead):
    """Real holidays and a warning day, every clock action and a calendar change, through the services."""
    services.sync_holidays(years=range(2024, 2026), now=at(2024, 1, 2, 9, 0))
    case = open_case(received_on=date(2024, 11, 10), assigned_officer=lead, by=lead, now=at(2024, 11, 11, 9, 0))
    enquiry = start_clock(case, ENQUIRY, start=at(2024, 12, 2), by=lead)
    services.pause_clock(enquiry, reason="等候文件", by=lead, now=at(2024, 12, 3))
    services.extend_clock(enquiry, days=7, reason="機構要求延期", by=lead, now=at(2024, 12, 4))
    services.resume_clock(enquiry, by=lead, now=at(2024, 12, 6))
    add_day_and_move(
        day=date(2024, 12, 27),
        kind="black_rainstorm",
        name="Black rainstorm",
        name_zh="黑色暴雨警告",
        source="HKO",
        by=lead,
        now=at(2024, 12, 27, 18, 0),
    )
    services.meet_clock(enquiry, by=lead, now=at(2025, 1, 20))
    services.move_case(case, to=CaseStatus.SCREENING, by=lead, now=at(2025, 1, 21))
    services.move_case(case, to=CaseStatus.PRELIMINARY_ENQUIRY, by=lead, now=at(2025, 1, 22))
    services.move_case(case, to=CaseStatus.INVESTIGATION, by=lead, now=at(2025, 1, 23))
    services.move_case(case, to=CaseStatus.RESULT, by=lead, now=at(2025, 2, 1))
    services.close_case(case, outcome=Outcome.ADVICE_GIVEN, reason="已給予建議", by=lead, now=at(2025, 2, 2))
    services.reopen_case(case, reason="新證據", by=lead, now=at(2025, 2, 3))

    kinds = set(case.events.exclude(message={}).values_list("kind", flat=True))
    assert kinds == {
        CaseEvent.Kind.RECEIVED,
        CaseEvent.Kind.ASSIGNED,
        CaseEvent.Kind.CLOCK_STARTED,
        CaseEvent.Kind.CLOCK_PAUSED,
        CaseEvent.Kind.CLOCK_EXTENDED,
        CaseEvent.Kind.CLOCK_RESUMED,
        CaseEvent.Kind.DEADLINE_MOVED,
        CaseEvent.Kind.CLOCK_MET,
        CaseEvent.Kind.CLOCK_STOPPED,
    }
    for event in case.events.all():
        assert _english_words(event.describe()) == [], event.kind
    for clock in case.clocks.all():
        assert _english_words(clock.explain()) == [], clock.rule.code
