"""The workflow as the authority works it, written down here apart from ``TRANSITIONS``.

A complaint is screened, then either not pursued (s.39 PDPO) or enquired into, conciliated or
investigated, and ends with a result. A data breach notification is screened and may lead to an
enquiry or an investigation, never to conciliation: there is no complainant to settle with. A
compliance check is the authority's own initiative, so it starts with enquiries and has no
screening. An investigation starts as one. A doxxing report is screened and either investigated
(Part 9A PDPO) or not pursued. A referral from another authority is handled as a complaint. Every
kind is closed from its final stage and, when reopened, goes back to where its work starts.
"""

import pytest

from cases import services
from cases.models import TRANSITIONS, CaseKind, CaseStatus, Outcome
from dpa.roles import TEAM_LEAD
from tests.helpers.factories import CaseFactory, make_user
from tests.helpers.moments import NOW

pytestmark = pytest.mark.django_db

WORKFLOW = """
complaint      intake               -> screening
complaint      screening            -> preliminary_enquiry, not_pursued
complaint      preliminary_enquiry  -> conciliation, investigation, not_pursued
complaint      conciliation         -> investigation, result
complaint      investigation        -> result
complaint      not_pursued          -> result, closed
complaint      result               -> closed
complaint      closed               -> screening

referral       intake               -> screening
referral       screening            -> preliminary_enquiry, not_pursued
referral       preliminary_enquiry  -> conciliation, investigation, not_pursued
referral       conciliation         -> investigation, result
referral       investigation        -> result
referral       not_pursued          -> result, closed
referral       result               -> closed
referral       closed               -> screening

breach         intake               -> screening
breach         screening            -> preliminary_enquiry, not_pursued
breach         preliminary_enquiry  -> investigation, result
breach         investigation        -> result
breach         not_pursued          -> closed
breach         result               -> closed
breach         closed               -> screening

compliance     intake               -> preliminary_enquiry
compliance     preliminary_enquiry  -> investigation, result
compliance     investigation        -> result
compliance     result               -> closed
compliance     closed               -> preliminary_enquiry

investigation  intake               -> investigation
investigation  investigation        -> result
investigation  result               -> closed
investigation  closed               -> investigation

doxxing        intake               -> screening
doxxing        screening            -> investigation, not_pursued
doxxing        investigation        -> result
doxxing        not_pursued          -> closed
doxxing        result               -> closed
doxxing        closed               -> screening
"""

# One ordinary life of each kind, from intake to closing.
LIVES = {
    "complaint": ["screening", "preliminary_enquiry", "conciliation", "result"],
    "referral": ["screening", "not_pursued", "result"],
    "breach": ["screening", "preliminary_enquiry", "investigation", "result"],
    "compliance": ["preliminary_enquiry", "result"],
    "investigation": ["investigation", "result"],
    "doxxing": ["screening", "not_pursued"],
}


def _expected_moves() -> set[tuple[str, str, str]]:
    moves = set()
    for line in WORKFLOW.strip().splitlines():
        if not line.strip():
            continue
        head, targets = line.split("->")
        kind, before = head.split()
        moves |= {(kind, before, after.strip()) for after in targets.split(",")}
    return moves


def test_the_workflow_in_the_code_is_the_one_written_here():
    in_code = {
        (str(kind), str(before), str(after))
        for kind, flow in TRANSITIONS.items()
        for before, targets in flow.items()
        for after in targets
    }
    expected = _expected_moves()

    assert sorted(in_code - expected) == [], "moves the code allows that the authority does not make"
    assert sorted(expected - in_code) == [], "moves the authority makes that the code refuses"


def test_the_table_names_only_real_kinds_and_statuses():
    for kind, before, after in _expected_moves():
        assert kind in CaseKind.values
        assert before in CaseStatus.values
        assert after in CaseStatus.values


@pytest.mark.parametrize("kind", sorted(LIVES))
def test_an_ordinary_life_goes_through_the_services_and_back_on_reopening(kind):
    lead = make_user(TEAM_LEAD)
    case = CaseFactory(kind=kind, assigned_officer=lead)

    for status in LIVES[kind]:
        case = services.move_case(case, to=status, reason="As the file shows.", by=lead, now=NOW)
        assert case.status == status
    case = services.close_case(case, outcome=Outcome.ADVICE_GIVEN, reason="Advice given.", by=lead, now=NOW)
    assert case.status == CaseStatus.CLOSED

    case = services.reopen_case(case, reason="New evidence.", by=lead, now=NOW)

    (restart,) = {after for k, before, after in _expected_moves() if k == kind and before == "closed"}
    assert case.status == restart
