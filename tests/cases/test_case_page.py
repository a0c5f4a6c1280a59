"""The case page staff work from all day: the summary with the next deadline, the deadlines grouped by
rule, the latest timeline entries and the whole timeline on its own page, a note box that saves
only the note, and nothing to act with for those who may not."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape

from cases import services
from cases.models import Case, CaseEvent, CaseStatus, Confidentiality
from dpa.roles import AUDITOR, CASE_OFFICER
from tests.helpers.clocks import case_with_a_running_clock, clock_rule, start_clock
from tests.helpers.factories import CaseFactory, make_user
from tests.helpers.html_forms import forms_on
from tests.helpers.moments import NOW
from tests.helpers.pages import (
    ENGLISH_DATE_WORDS,
    case_page,
    edit_details_page,
    get_within_budget,
    text_of,
    timeline_page,
)

pytestmark = pytest.mark.django_db


def _section(content: str, element_id: str) -> str:
    """The HTML of the page section with this id, or "" when the page has none."""
    match = re.search(rf'<(section|dl)[^>]*\bid="{element_id}".*?</\1>', content, re.S)
    return match.group(0) if match else ""


def _summary(content: str) -> str:
    return re.search(r'<dl class="case-summary">.*?</dl>', content, re.S).group(0)


def _notes(case: Case, count: int, *, by) -> None:
    for minute in range(count):
        services.add_note(case, text=f"Note number {minute}.", by=by, now=NOW + timedelta(minutes=minute))


def _notes_each_by_another_officer(case: Case, count: int) -> None:
    """``count`` notes, each by an officer of their own: a query per author would show."""
    for number in range(count):
        services.add_note(case, text=f"Note number {number}.", by=make_user(CASE_OFFICER), now=NOW)


def _rounds(case: Case, count: int, *, by) -> None:
    """``count`` rounds of the rolling complainant-update clock: each met one starts the next."""
    clock = start_clock(case, "hk-complainant-update", start=NOW, by=by)
    for day in range(1, count):
        clock = services.meet_clock(clock, by=by, now=NOW + timedelta(days=day)).next


# --- the summary -------------------------------------------------------------------------------------


def test_the_summary_shows_the_next_deadline_and_the_days_left(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.PRELIMINARY_ENQUIRY)
    now = timezone.now()
    soon = services.start_clock(
        case, rule=clock_rule("hk-enquiry-reply"), start=now - timedelta(days=4), by=officer, now=now
    )
    start_clock(case, "hk-complainant-update", start=now, by=officer)
    days = (timezone.localtime(soon.due_at).date() - timezone.localdate()).days
    client.force_login(officer)

    summary = text_of(_summary(client.get(case_page(case)).content.decode()))

    assert f"{days} days left" in summary
    assert date_format(timezone.localtime(soon.due_at), "DATE_FORMAT") in summary
    assert soon.rule.name in summary
    for shown in (case.reference, "Complaint", "Preliminary enquiry", officer.get_username(), case.organisation.name):
        assert shown in summary, shown


def test_the_summary_marks_a_breached_deadline_and_a_restricted_case(client, officer):
    case = CaseFactory(assigned_officer=officer, confidentiality=Confidentiality.RESTRICTED)
    now = timezone.now()
    services.start_clock(case, rule=clock_rule("hk-enquiry-reply"), start=now - timedelta(days=40), by=officer, now=now)
    client.force_login(officer)

    summary = _summary(client.get(case_page(case)).content.decode())

    assert re.search(r'class="deadline-breached">\d+ days overdue<', summary)
    assert '<strong class="case-restricted">Restricted</strong>' in summary


def test_a_closed_case_summary_says_how_it_ended_instead_of_a_deadline(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    client.force_login(officer)

    summary = text_of(_summary(client.get(case_page(case)).content.decode()))

    assert case.get_outcome_display() in summary
    assert "next deadline" not in summary.lower()


# --- the note box --------------------------------------------------------------------------------------


def test_the_note_box_saves_the_note_on_its_own_and_changes_nothing_else(client, officer):
    case = CaseFactory(assigned_officer=officer, title="Tenant's HKID card copied")
    client.force_login(officer)
    [note_box] = [
        form for form in forms_on(client.get(case_page(case)).content.decode()) if form["action"].endswith("/note/")
    ]
    before = Case.objects.filter(pk=case.pk).values().get()

    response = client.post(note_box["action"], {**note_box["fields"], "text": "Called the estate office."})

    assert set(note_box["fields"]) == {"csrfmiddlewaretoken", "text"}
    assert response.status_code == 302
    assert response["Location"] == case_page(case)
    assert Case.objects.filter(pk=case.pk).values().get() == before
    assert list(case.events.values_list("kind", "actor", "text")) == [
        (CaseEvent.Kind.NOTE, officer.pk, "Called the estate office.")
    ]
    timeline = _section(client.get(response["Location"]).content.decode(), "timeline")
    assert "Called the estate office." in timeline


def test_an_empty_note_is_asked_for_again_and_saves_nothing(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/note/", {"text": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors == {"text": ["This field is required."]}
    assert not case.events.exists()


def test_a_colleague_may_note_a_case_they_cannot_change(client, officer, other_officer):
    case = CaseFactory(assigned_officer=other_officer)
    client.force_login(officer)

    content = client.get(case_page(case)).content.decode()

    assert f'action="/admin/cases/case/{case.pk}/note/"' in _section(content, "note-box")
    assert "Edit details" not in content
    assert 'name="_save"' not in client.get(edit_details_page(case)).content.decode()


@pytest.mark.parametrize("who", ["officer", "lead"])
def test_a_closed_case_shows_no_note_box_and_nothing_of_the_upload(client, officer, lead, who):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    client.force_login({"officer": officer, "lead": lead}[who])

    content = client.get(case_page(case)).content.decode()

    assert _section(content, "note-box") == ""
    assert "/note/" not in content
    for upload in ('type="file"', "/documents/add/", "add a document"):
        assert upload not in content.lower(), upload


# --- who may act ---------------------------------------------------------------------------------------


def test_an_auditor_sees_no_actions_no_note_box_and_no_upload(client, officer):
    case = case_with_a_running_clock(now=timezone.now(), assigned_officer=officer)
    client.force_login(make_user(AUDITOR))

    content = client.get(case_page(case)).content.decode()

    assert "Organisation's reply to an enquiry letter" in text_of(_section(content, "deadlines"))
    assert f"/admin/cases/case/{case.pk}/clocks/" not in content
    assert ">actions<" not in _section(content, "deadlines")
    assert _section(content, "note-box") == ""
    assert "/note/" not in content
    for absent in ('type="file"', 'name="_save"', "Move to", "Assign to me", "Edit details"):
        assert absent not in content, absent


def test_clock_actions_are_offered_only_to_those_who_may_work_on_the_case(client, officer, other_officer, lead):
    case = case_with_a_running_clock(now=timezone.now(), assigned_officer=officer)
    clock = case.clocks.get()
    pause = f"/admin/cases/case/{case.pk}/clocks/{clock.pk}/pause/"

    offered = {}
    for who, user in (("officer", officer), ("colleague", other_officer), ("lead", lead)):
        client.force_login(user)
        offered[who] = pause in client.get(case_page(case)).content.decode()

    assert offered == {"officer": True, "colleague": False, "lead": True}


# --- deadlines -------------------------------------------------------------------------------------------


def test_clocks_are_grouped_by_rule_with_the_earlier_rounds_folded(client, lead):
    case = CaseFactory(assigned_officer=lead)
    _rounds(case, 3, by=lead)
    start_clock(case, "hk-enquiry-reply", start=NOW, by=lead)
    client.force_login(lead)

    response = client.get(case_page(case))

    groups = {group.rule.code: group for group in response.context["clock_groups"]}
    assert set(groups) == {"hk-complainant-update", "hk-enquiry-reply"}
    update = groups["hk-complainant-update"]
    assert update.latest.clock.state == "running"
    assert [row.clock.state for row in update.earlier] == ["met", "met"]
    assert update.earlier[0].clock == update.latest.clock.previous
    assert groups["hk-enquiry-reply"].earlier == []
    deadlines = _section(response.content.decode(), "deadlines")
    folded = re.search(
        r'<tr class="clock-earlier">\s*<td[^>]*>\s*<details>\s*<summary>(.*?)</summary>(.*?)</tbody>', deadlines, re.S
    )
    assert folded is not None
    assert folded.group(1) == "2 earlier rounds"
    assert folded.group(2).count('class="clock-row"') == 2
    assert deadlines.count('class="clock-row"') == 4


def test_each_clock_says_how_its_due_date_was_reached_folded(client, officer):
    case = case_with_a_running_clock(now=timezone.now(), assigned_officer=officer)
    clock = case.clocks.get()
    client.force_login(officer)

    deadlines = _section(client.get(case_page(case)).content.decode(), "deadlines")

    explained = re.search(
        r"<details>\s*<summary>How the due date was reached</summary>(.*?)</details>", deadlines, re.S
    )
    assert explained is not None
    assert text_of(clock.explain()) in text_of(explained.group(1))


# --- the timeline ------------------------------------------------------------------------------------------


def test_the_case_page_shows_the_latest_10_timeline_entries_newest_first(client, officer):
    case = CaseFactory(assigned_officer=officer)
    _notes(case, 15, by=officer)
    client.force_login(officer)

    timeline = _section(client.get(case_page(case)).content.decode(), "timeline")

    shown = [int(number) for number in re.findall(r"Note number (\d+)\.", timeline)]
    assert shown == list(range(14, 4, -1))
    assert f'href="{timeline_page(case)}"' in timeline
    assert "The whole timeline (15 entries)" in timeline


def test_the_whole_timeline_is_paginated_newest_first(client, officer):
    case = CaseFactory(assigned_officer=officer)
    _notes(case, 120, by=officer)
    client.force_login(officer)

    pages = {page: client.get(timeline_page(case), {"p": page}) for page in ("1", "3", "99", "abc")}

    assert {page: response.status_code for page, response in pages.items()} == dict.fromkeys(pages, 200)

    def numbers(response):
        return [int(number) for number in re.findall(r"Note number (\d+)\.", response.content.decode())]

    assert numbers(pages["1"]) == list(range(119, 69, -1))
    assert numbers(pages["3"]) == list(range(19, -1, -1))
    assert numbers(pages["99"]) == numbers(pages["3"])
    assert numbers(pages["abc"]) == numbers(pages["1"])
    assert "120 entries" in pages["1"].content.decode()


@pytest.mark.parametrize(("who", "status"), [("owner", 200), ("lead", 200), ("colleague", 404), ("auditor", 404)])
def test_the_timeline_page_opens_only_for_those_who_may_see_the_case(client, officer, other_officer, lead, who, status):
    case = CaseFactory(assigned_officer=officer, confidentiality=Confidentiality.RESTRICTED)
    services.add_note(case, text="Met the clinic in confidence.", by=officer, now=NOW)
    reader = {"owner": officer, "lead": lead, "colleague": other_officer, "auditor": make_user(AUDITOR)}[who]
    client.force_login(reader)

    response = client.get(timeline_page(case))

    assert response.status_code == status
    assert ("Met the clinic in confidence." in response.content.decode()) is (status == 200)


def test_the_timeline_page_only_answers_get(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    assert client.post(timeline_page(case)).status_code == 405


def test_the_timeline_page_names_a_linked_case_only_to_those_who_may_see_it(client, officer, other_officer, lead):
    hidden = CaseFactory(assigned_officer=other_officer, confidentiality=Confidentiality.RESTRICTED)
    case = CaseFactory(assigned_officer=officer)
    services.link_cases(case, hidden, by=lead, now=NOW, reason="Same clinic")

    client.force_login(officer)
    as_officer = client.get(timeline_page(case)).content.decode()
    client.force_login(lead)
    as_lead = client.get(timeline_page(case)).content.decode()

    assert hidden.reference not in as_officer and "a case you cannot see" in as_officer
    assert hidden.reference in as_lead and "a case you cannot see" not in as_lead


# --- in Chinese --------------------------------------------------------------------------------------------


def test_the_case_page_in_chinese_names_no_english_weekday_or_month(client, lead):
    case = CaseFactory(assigned_officer=lead, title="Records leaked", status=CaseStatus.SCREENING)
    now = timezone.now()
    start_clock(case, "hk-enquiry-reply", start=now, by=lead)
    services.add_note(case, text="Called.", by=lead, now=now)
    services.move_case(case, to=CaseStatus.PRELIMINARY_ENQUIRY, by=lead, now=now)
    client.force_login(lead)

    response = client.get(case_page(case), headers={"accept-language": "zh-hant"})

    content = response.content.decode()
    assert '<html lang="zh-hant"' in content
    assert "年" in _summary(content)
    assert ENGLISH_DATE_WORDS.findall(text_of(content)) == []


def test_the_summary_names_the_next_deadline_by_its_rule_in_the_readers_language(client, lead):
    case = CaseFactory(assigned_officer=lead, status=CaseStatus.SCREENING)
    start_clock(case, "hk-enquiry-reply", start=timezone.now(), by=lead)
    rule = clock_rule("hk-enquiry-reply")
    client.force_login(lead)

    chinese = client.get(case_page(case), headers={"accept-language": "zh-hant"}).content.decode()
    english = client.get(case_page(case), headers={"accept-language": "en"}).content.decode()

    assert rule.name_zh and rule.name_zh in _summary(chinese)
    assert escape(rule.name) not in _summary(chinese)
    assert escape(rule.name) in _summary(english)


# --- query budgets ---------------------------------------------------------------------------------------

# Each budget starts with the four queries of any logged-in admin request: session, user, and the
# user's own and group permissions.
# + the case with its complainant, organisation, officer and team, its principles and categories, the
# related cases the reader may see, the clocks with their rules and their extensions, the timeline's
# count and its latest entries, its enquiries and letters, the documents; one identity-access insert.
CASE_PAGE_QUERIES = 16
# + the case, the count of its entries, the page of entries with their actors.
TIMELINE_PAGE_QUERIES = 7


@pytest.mark.parametrize("n", [1, 50])
def test_the_case_page_costs_the_same_queries_for_1_or_50_entries_and_clocks(client, django_assert_num_queries, n):
    lead = make_user(CASE_OFFICER)
    case = CaseFactory(assigned_officer=lead)
    _notes_each_by_another_officer(case, n)
    _rounds(case, n, by=None)
    client.force_login(lead)

    response = get_within_budget(client, case_page(case), CASE_PAGE_QUERIES, django_assert_num_queries)

    [group] = response.context["clock_groups"]
    assert len(group.earlier) == n - 1


@pytest.mark.parametrize("n", [10, 200])
def test_the_timeline_page_costs_the_same_queries_for_10_or_200_entries(client, django_assert_num_queries, n):
    officer = make_user(CASE_OFFICER)
    case = CaseFactory(assigned_officer=officer)
    _notes_each_by_another_officer(case, n)
    client.force_login(officer)

    response = get_within_budget(client, timeline_page(case), TIMELINE_PAGE_QUERIES, django_assert_num_queries)

    assert len(response.context["page_obj"].object_list) == min(n, 50)
