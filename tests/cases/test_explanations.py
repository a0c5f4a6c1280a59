"""Explanations of due dates and the system's timeline entries are data, written out in the reader's
language when read: here in English, word for word as the explanations read when they were text."""

from datetime import date

import pytest
from django.utils import translation

from cases import explanations, timeline_messages
from cases.deadlines import SATURDAY, closed_day
from cases.models import CalendarDay, CaseEvent, Clock, ClockRule, DataProtectionPrinciple, IssueCategory, Sector
from tests.helpers.explanation_examples import (
    CHRISTMAS,
    GALE,
    MESSAGES,
    RULE,
    S39_EXPLAINED,
    S39_STEPS,
    STEPS,
    UNNAMED_GALE,
    rule_message,
)
from tests.helpers.factories import CaseFactory, OrganisationFactory
from tests.helpers.moments import NOW


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def test_every_kind_of_step_has_an_example():
    assert {step["kind"] for step, _ in STEPS} == set(explanations.STEPS)


def test_every_kind_of_message_has_an_example():
    assert {message["code"] for message, _ in MESSAGES} == set(timeline_messages.MESSAGES)
    moved = [message["because"]["kind"] for message, _ in MESSAGES if message["code"] == "deadline_moved"]
    assert set(moved) == {"day_added", "day_removed", "holidays_added", "receipt_corrected"}


@pytest.mark.parametrize(("step", "english"), STEPS, ids=[f"{step['kind']}-{n}" for n, (step, _) in enumerate(STEPS)])
def test_each_step_reads_as_it_always_has_in_english(step, english):
    assert explanations.explain_step(step) == english


def test_an_explanation_is_its_steps_one_after_another():
    assert explanations.explain(S39_STEPS) == S39_EXPLAINED
    assert explanations.explain([]) == ""


@pytest.mark.parametrize(
    ("message", "english"), MESSAGES, ids=[f"{message['code']}-{n}" for n, (message, _) in enumerate(MESSAGES)]
)
def test_each_timeline_message_reads_in_english(message, english):
    assert timeline_messages.describe(message) == english


def test_the_reasons_a_day_is_closed_are_all_quoted():
    assert explanations.why_closed([GALE, CHRISTMAS]) == (
        "a gale warning day (Signal No. 8) and a general holiday (Christmas Day)"
    )
    assert explanations.why_closed([SATURDAY, UNNAMED_GALE, CHRISTMAS]) == (
        "a Saturday, a gale warning day and a general holiday (Christmas Day)"
    )


def test_in_chinese_a_day_without_a_chinese_name_is_named_by_its_kind_alone():
    with translation.override("zh-hant"):
        with_name = explanations.why_closed([closed_day("gale_warning", "Signal No. 8", "八號信號")])
        without = explanations.why_closed([closed_day("gale_warning", "Signal No. 8")])

    assert "八號信號" in with_name
    assert "Signal" not in without


def test_a_rule_without_a_chinese_name_is_named_in_english_to_a_chinese_reader():
    message = {"code": "clock_paused", "rule": {**RULE, "name_zh": ""}}

    with translation.override("zh-hant"):
        assert timeline_messages.describe(message) == RULE["name"]
        assert timeline_messages.describe({**message, "rule": RULE}) == RULE["name_zh"]


# on the rows


@pytest.mark.django_db
def test_a_clock_explains_its_stored_steps_in_the_active_language():
    clock = Clock(explanation=S39_STEPS)

    assert clock.explain() == S39_EXPLAINED
    with translation.override("zh-hant"):
        assert "2024年11月18日" in clock.explain()


@pytest.mark.django_db
def test_an_entry_reads_as_the_systems_message_then_what_a_person_wrote():
    case = CaseFactory()
    paused = CaseEvent.objects.create(
        case=case, kind="clock_paused", at=NOW, message=rule_message("clock_paused"), text="Waiting for documents"
    )
    received = CaseEvent.objects.create(
        case=case, kind="received", at=NOW, message={"code": "received", "on": "2026-03-01"}
    )
    note = CaseEvent.objects.create(case=case, kind="note", at=NOW, text="Called back.")

    assert paused.describe() == f"{RULE['name']}\nWaiting for documents"
    assert received.describe() == "Received on Sun 1 Mar 2026."
    assert note.describe() == "Called back."


@pytest.mark.django_db
def test_describing_a_timeline_needs_no_query_per_entry(django_assert_num_queries):
    case = CaseFactory()
    for code in ("clock_paused", "clock_resumed"):
        CaseEvent.objects.create(case=case, kind=code, at=NOW, message=rule_message(code, due="2026-03-23"), text="Why")

    with django_assert_num_queries(1):
        texts = [event.describe() for event in case.events.all()]

    assert texts == [f"{RULE['name']}\nWhy", f"{RULE['name']}: due Mon 23 Mar 2026\nWhy"]


# reference tables in the reader's language


@pytest.mark.django_db
def test_reference_tables_read_in_chinese_to_a_chinese_reader_and_in_english_without_a_chinese_name():
    sector = Sector.objects.create(code="test-retail", name="Retail", name_zh="零售")
    category = IssueCategory.objects.create(code="test-cctv", name="CCTV")
    principle = DataProtectionPrinciple.objects.get(number=1)
    organisation = OrganisationFactory(name="Harbour Mart", name_zh="海港商場", sector=sector)
    rule = ClockRule.objects.get(code="hk-pdpo-s39-3")

    with translation.override("en"):
        assert [str(sector), str(category), str(organisation)] == ["Retail", "CCTV", "Harbour Mart"]
        assert str(principle) == f"DPP1: {principle.title}"
        assert rule.display_name == rule.name
    with translation.override("zh-hant"):
        assert [str(sector), str(category), str(organisation)] == ["零售", "CCTV", "海港商場"]
        assert str(principle) == f"DPP1: {principle.title_zh}"
        assert (rule.display_name, str(rule)) == (
            "通知投訴人不進行調查的決定",
            "hk-pdpo-s39-3: 通知投訴人不進行調查的決定",
        )


@pytest.mark.django_db
def test_a_calendar_day_keeps_both_its_names_in_the_reason_it_gives():
    day = CalendarDay(date=date(2024, 12, 25), kind="general_holiday", name="Christmas Day", name_zh="聖誕節")

    assert day.reason == CHRISTMAS
