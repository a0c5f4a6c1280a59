from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone, translation

from cases.demo.other_cases import plan_other_cases
from cases.demo.story import COMPLIANCE_CHECK, PLATFORM_COMPLAINTS
from cases.models import (
    TRANSITIONS,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Channel,
    Clock,
    ClockState,
    Complainant,
    Confidentiality,
    Document,
    Enquiry,
    Language,
    Letter,
    Organisation,
    Outcome,
    ReferenceSequence,
    Reminder,
    Team,
)
from dpa.roles import ADMINISTRATOR, AUDITOR, CASE_OFFICER, EDITOR, PUBLISHER, TEAM_LEAD

User = get_user_model()

DEMO_ROLES = {
    "officer": CASE_OFFICER,
    "officer2": CASE_OFFICER,
    "teamlead": TEAM_LEAD,
    "editor": EDITOR,
    "publisher": PUBLISHER,
    "auditor": AUDITOR,
    "admin": ADMINISTRATOR,
}


@pytest.fixture(autouse=True)
def _debug(settings):
    """Demo logins exist only in debug mode."""
    settings.DEBUG = True


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    models = [
        Case,
        CaseEvent,
        Organisation,
        Complainant,
        Team,
        Document,
        Enquiry,
        Letter,
        Reminder,
        User,
        Group,
        ReferenceSequence,
        Case.history.model,
        Case.related_cases.through,
        Team.members.through,
        User.groups.through,
    ]
    return {model._meta.label: model.objects.count() for model in models}


def test_the_plan_is_the_same_every_time_and_each_case_has_its_own_summary():
    today = timezone.localdate()
    plans = [*PLATFORM_COMPLAINTS, COMPLIANCE_CHECK, *plan_other_cases(today)]

    assert plan_other_cases(today) == plan_other_cases(today)
    assert len({plan.title for plan in plans}) == len(plans)


@pytest.mark.django_db
def test_running_it_twice_creates_nothing_the_second_time():
    load_demo()
    first = row_counts()

    output = load_demo()

    assert row_counts() == first
    assert "nothing to add" in output
    assert first["cases.Case"] >= 55


@pytest.mark.django_db
def test_demo_logins_exist_only_in_debug_mode_each_staff_with_exactly_its_role(settings):
    settings.DEBUG = False

    output = load_demo()

    assert "demo logins were skipped" in output
    assert not User.objects.exists()
    assert Case.objects.count() >= 55
    assert not Case.objects.filter(assigned_officer__isnull=False).exists()
    assert not Team.members.through.objects.exists()

    settings.DEBUG = True
    load_demo()

    users = User.objects.all()
    assert {user.username for user in users} == set(DEMO_ROLES)
    for user in users:
        assert [group.name for group in user.groups.all()] == [DEMO_ROLES[user.username]]
        assert user.is_staff and user.is_active and not user.is_superuser
        assert user.check_password("demo-password-2026")
        assert user.email.endswith("@dpa.example") and user.get_full_name()
    team_a = Team.objects.get(name="Complaints Team A")
    assert {user.username for user in team_a.members.all()} >= {"officer", "teamlead"}
    assert Team.objects.get(name="Compliance and Investigations").members.exists()


@pytest.mark.django_db
def test_the_platform_has_seven_complaints_linked_to_one_compliance_check_and_one_is_restricted():
    load_demo()
    today = timezone.localdate()

    platform = Organisation.objects.get(name="Linkwave Social Limited")
    assert platform.name_zh == "連浪社交有限公司"
    assert platform.sector.code == "social-media"
    complaints = platform.cases.filter(kind=CaseKind.COMPLAINT)
    assert complaints.count() == 7
    assert all(today - timedelta(days=365) <= case.received_on <= today for case in complaints)
    assert {code for case in complaints for code in case.issue_categories.values_list("code", flat=True)} == {
        "disclosure-without-consent",
        "impersonation",
    }
    assert len({case.complainant_id for case in complaints}) == 7
    assert {case.consent_to_disclose_identity for case in complaints} == {True, False}

    check = platform.cases.get(kind=CaseKind.COMPLIANCE_CHECK)
    assert check.channel == Channel.SELF_INITIATED
    assert list(check.issue_categories.values_list("code", flat=True)) == ["ai-training"]
    assert set(check.principles.values_list("number", flat=True)) == {1, 3, 5}
    assert set(check.related_cases.all()) == set(complaints)
    assert check.events.filter(kind=CaseEvent.Kind.LINKED).count() == 7
    for complaint in complaints:
        assert complaint.events.get(kind=CaseEvent.Kind.LINKED).related_case == check
    assert check.documents.filter(letter__isnull=True).count() == 1  # and the copy of the letter sent

    restricted = complaints.get(confidentiality=Confidentiality.RESTRICTED)
    assert restricted.assigned_officer.username == "officer2"
    for username, sees_it in [("officer2", True), ("teamlead", True), ("officer", False)]:
        visible = Case.objects.visible_to(User.objects.get(username=username))
        assert visible.filter(pk=restricted.pk).exists() == sees_it, username


@pytest.mark.django_db
def test_the_casework_is_varied_and_every_timeline_follows_its_workflow():
    load_demo()
    now = timezone.now()
    today = timezone.localdate()
    week_start = today - timedelta(days=today.weekday())

    others = Case.objects.exclude(organisation__name="Linkwave Social Limited")
    assert others.count() >= 45
    assert set(others.values_list("kind", flat=True)) == set(CaseKind.values)
    statuses = set(others.values_list("status", flat=True))
    assert {CaseStatus.INTAKE, CaseStatus.SCREENING, CaseStatus.INVESTIGATION, CaseStatus.CLOSED} <= statuses
    assert others.filter(outcome=Outcome.NOT_PURSUED).exists()
    assert others.exclude(organisation=None).values("organisation__sector").distinct().count() >= 9
    assert Organisation.objects.exclude(jurisdiction="HK").exists()
    assert others.filter(received_on__gte=week_start).count() >= 3
    assert others.filter(received_on__lt=today - timedelta(days=180)).exists()
    assert not Case.objects.filter(received_on__lt=today - timedelta(days=365)).exists()
    assert others.filter(language=Language.CHINESE).exists()
    assert others.filter(assigned_officer__isnull=True).exists()
    officers = set(others.values_list("assigned_officer__username", flat=True))
    assert {"officer", "officer2", "teamlead"} <= officers

    # prefetch: one query for all timelines instead of one per case
    for case in Case.objects.select_related("assigned_officer").prefetch_related("events"):
        events = list(case.events.all())
        assert events[0].kind == CaseEvent.Kind.RECEIVED
        status = CaseStatus.INTAKE
        for event in events:
            assert event.at <= now
            if event.to_status:
                assert event.from_status == status, case.reference
                assert event.to_status in TRANSITIONS[case.kind][status], case.reference
                status = event.to_status
        assert status == case.status, case.reference
        assignments = [event for event in events if event.kind == CaseEvent.Kind.ASSIGNED]
        assert bool(assignments) == (case.assigned_officer is not None)
        if case.is_closed:
            assert case.outcome and case.closing_reason and case.closed_at


@pytest.mark.django_db
def test_the_demo_reads_in_chinese_where_its_reference_data_has_chinese_names():
    load_demo()

    assert dict(Team.objects.values_list("name", "name_zh")) == {
        "Complaints Team A": "投訴一組",
        "Compliance and Investigations": "循規及調查組",
    }
    running = Clock.objects.filter(state=ClockState.RUNNING).select_related("rule")
    assert running.exists()
    with translation.override("zh-hant"):
        for clock in running:
            assert clock.explanation and "年" in clock.explain()
        for event in CaseEvent.objects.filter(kind=CaseEvent.Kind.CLOCK_STARTED):
            assert event.describe().startswith(event.message["rule"]["name_zh"])
