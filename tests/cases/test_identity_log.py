"""The identity-access log follows case visibility for every reader, names the case each identity
was shown with, and can be searched by complainant file number and filtered by user and date."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest

from cases.models import AccessContext, Complainant, Confidentiality, IdentityAccess
from dpa.roles import AUDITOR, CASE_OFFICER, TEAM_LEAD
from tests.helpers.factories import CaseFactory, ComplainantFactory, make_user
from tests.helpers.identity_log import record_shown
from tests.helpers.moments import NOW

pytestmark = pytest.mark.django_db

LOG = "/admin/cases/identityaccess/"


def _listed(client, query: str = "") -> list[IdentityAccess]:
    response = client.get(f"{LOG}{query}")
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.fixture
def log():
    owner, colleague = make_user(CASE_OFFICER, username="owner"), make_user(CASE_OFFICER, username="colleague")
    restricted = CaseFactory(
        confidentiality=Confidentiality.RESTRICTED,
        assigned_officer=owner,
        complainant=ComplainantFactory(name="Ho Ka Yan"),
    )
    normal = CaseFactory(assigned_officer=colleague)
    # The same person on a normal case and on a restricted one: only the normal entry may be read.
    shared = ComplainantFactory(name="Wong Mei Ling")
    shared_normal = CaseFactory(complainant=shared, assigned_officer=colleague)
    shared_restricted = CaseFactory(
        complainant=shared, confidentiality=Confidentiality.RESTRICTED, assigned_officer=owner
    )
    record_shown(owner, restricted)
    record_shown(colleague, normal, at=NOW - timedelta(days=40))
    record_shown(colleague, shared_normal)
    record_shown(owner, shared_restricted)
    return {
        "owner": owner,
        "colleague": colleague,
        "restricted": restricted,
        "normal": normal,
        "shared_normal": shared_normal,
        "shared_restricted": shared_restricted,
    }


def test_an_auditor_reads_only_entries_about_cases_they_may_see(client, log):
    client.force_login(make_user(AUDITOR))

    entries = _listed(client)
    page = client.get(LOG).content.decode()

    assert {entry.case for entry in entries} == {log["normal"], log["shared_normal"]}
    for hidden in (log["restricted"], log["shared_restricted"]):
        assert f"/admin/cases/case/{hidden.pk}/" not in page
        assert hidden.reference not in page
    assert log["restricted"].complainant.file_number not in page


def test_a_team_lead_reads_every_entry(client, log):
    client.force_login(make_user(TEAM_LEAD))

    assert len(_listed(client)) == IdentityAccess.objects.count() == 4


def test_an_entry_outside_the_readers_visibility_is_not_found(client, log):
    client.force_login(make_user(AUDITOR))
    hidden = IdentityAccess.objects.get(case=log["restricted"])

    assert client.get(f"{LOG}{hidden.pk}/change/").status_code == 404


@pytest.mark.parametrize("typed", ["{number}", "{number_lower}", "P{pk}", "p-{pk}", " {number} "])
def test_the_log_is_searched_by_complainant_file_number(client, log, typed):
    client.force_login(make_user(TEAM_LEAD))
    person: Complainant = log["normal"].complainant
    term = typed.format(number=person.file_number, number_lower=person.file_number.lower(), pk=person.pk)

    entries = _listed(client, f"?q={term}")

    assert [entry.complainant for entry in entries] == [person]


def test_the_log_is_filtered_by_user_and_by_date(client, log):
    client.force_login(make_user(TEAM_LEAD))

    by_colleague = _listed(client, f"?user__id__exact={log['colleague'].pk}")
    this_year = _listed(client, f"?accessed_at__year={NOW.year}&accessed_at__month={NOW.month}")
    since = _listed(client, "?" + urlencode({"accessed_at__gte": (NOW - timedelta(days=7)).isoformat()}))

    assert {entry.user for entry in by_colleague} == {log["colleague"]}
    assert len(by_colleague) == 2
    assert log["normal"] not in {entry.case for entry in this_year}
    assert {entry.case for entry in since} == {log["restricted"], log["shared_normal"], log["shared_restricted"]}


def test_opening_a_case_page_records_the_case_the_identity_was_shown_with(client, log):
    client.force_login(log["colleague"])

    client.get(f"/admin/cases/case/{log['normal'].pk}/change/")

    entry = IdentityAccess.objects.filter(user=log["colleague"]).latest("pk")
    assert (entry.case, entry.complainant, entry.context) == (
        log["normal"],
        log["normal"].complainant,
        AccessContext.CASE_PAGE,
    )
