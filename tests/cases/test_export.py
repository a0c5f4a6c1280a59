"""The case list's CSV export: exactly the rows the list's filters and search select, every page of
them, streamed; identities masked unless the reader may see them, and each one exported logged."""

import csv
import io
from datetime import timedelta
from math import ceil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.export import neutralised
from cases.models import AccessContext, CaseStatus, Confidentiality, IdentityAccess
from dpa.roles import AUDITOR, CASE_OFFICER, EDITOR, TEAM_LEAD
from tests.helpers.bulk_cases import bulk_cases
from tests.helpers.clocks import running_clock
from tests.helpers.factories import CaseFactory, ComplainantFactory, OrganisationFactory, TeamFactory, make_user

pytestmark = pytest.mark.django_db

EXPORT = "/admin/cases/case/export/"
HEADER = [
    "reference",
    "summary",
    "kind",
    "status",
    "organisation",
    "officer",
    "team",
    "received on",
    "next deadline",
    "days left",
    "complainant",
]


def _download(response) -> bytes:
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content)


def _rows(response) -> list[dict[str, str]]:
    content = _download(response)
    assert content.startswith("\ufeff".encode())  # the byte order mark Excel needs for Chinese
    header, *rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    assert header == HEADER
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_export_is_a_utf8_csv_download_named_for_the_moment(client, officer):
    CaseFactory(title="個人資料外洩", organisation=OrganisationFactory(name="九龍流動通訊有限公司"))
    client.force_login(officer)

    response = client.get(EXPORT)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cases-')
    assert response["Content-Disposition"].endswith('.csv"')
    [row] = _rows(response)
    assert row["summary"] == "個人資料外洩"
    assert row["organisation"] == "九龍流動通訊有限公司"


def test_the_export_holds_every_row_the_filters_and_search_select_on_every_page(client, officer):
    bank = OrganisationFactory(name="Harbour Pearl Bank Limited")
    wanted = [CaseFactory(organisation=bank, status=CaseStatus.SCREENING, title=f"Card data {i}") for i in range(60)]
    CaseFactory(organisation=bank, status=CaseStatus.CLOSED, title="Card data closed")
    CaseFactory(organisation=bank, status=CaseStatus.SCREENING, title="Statements sent to the wrong address")
    CaseFactory(status=CaseStatus.SCREENING, title="Card data elsewhere")
    client.force_login(officer)
    query = {"organisation": bank.pk, "status__exact": CaseStatus.SCREENING, "q": "card", "p": "2"}

    listed = client.get("/admin/cases/case/", query)
    exported = _rows(client.get(EXPORT, query))

    assert listed.context["cl"].result_count == 60
    assert sorted(row["reference"] for row in exported) == sorted(case.reference for case in wanted)


def test_the_export_follows_the_lists_order(client, officer):
    now = timezone.now()
    later, sooner = CaseFactory(), CaseFactory()
    running_clock(later, due_at=now + timedelta(days=9))
    running_clock(sooner, due_at=now - timedelta(days=2))
    client.force_login(officer)
    column = client.get("/admin/cases/case/").context["cl"].list_display.index("next_deadline")

    rows = _rows(client.get(EXPORT, {"o": str(column)}))

    assert [row["reference"] for row in rows] == [sooner.reference, later.reference]
    assert [row["days left"] for row in rows] == ["-2", "9"]
    assert rows[1]["next deadline"] == timezone.localtime(now + timedelta(days=9)).date().isoformat()


def test_each_column_reads_as_on_the_list(client, officer):
    team = TeamFactory(name="Complaints Team A")
    case = CaseFactory(assigned_officer=officer, team=team, status=CaseStatus.PRELIMINARY_ENQUIRY)
    client.force_login(officer)

    [row] = _rows(client.get(EXPORT))

    assert row == {
        "reference": case.reference,
        "summary": case.title,
        "kind": "Complaint",
        "status": "Preliminary enquiry",
        "organisation": case.organisation.name,
        "officer": officer.get_full_name(),
        "team": "Complaints Team A",
        "received on": case.received_on.isoformat(),
        "next deadline": "",
        "days left": "",
        "complainant": case.complainant.identity,
    }


def test_an_officer_exports_identities_and_each_one_is_logged_with_its_case(client, officer):
    person = ComplainantFactory(name="Chan Tai Man", name_zh="陳大文")
    cases = [CaseFactory(complainant=person), CaseFactory(complainant=person), CaseFactory()]
    CaseFactory(kind="compliance")  # no complainant: nothing to log
    client.force_login(officer)

    rows = _rows(client.get(EXPORT))

    assert {row["reference"]: row["complainant"] for row in rows if row["complainant"]} == {
        case.reference: case.complainant.identity for case in cases
    }
    assert "Chan Tai Man (陳大文)" in {row["complainant"] for row in rows}
    logged = IdentityAccess.objects.filter(context=AccessContext.CASE_EXPORT)
    assert sorted(logged.values_list("complainant", "case", "user", "path")) == sorted(
        (case.complainant_id, case.pk, officer.pk, EXPORT) for case in cases
    )


def test_an_auditor_exports_masked_names_and_nothing_is_logged(client):
    case = CaseFactory(complainant=ComplainantFactory(name="Chan Tai Man", email="chan@mail.example"))
    client.force_login(make_user(AUDITOR))

    response = client.get(EXPORT)
    content = _download(response).decode("utf-8-sig")

    assert "Chan Tai Man" not in content and "chan@mail.example" not in content
    [row] = csv.DictReader(io.StringIO(content, newline=""))
    assert row["complainant"] == str(case.complainant) == f"Complainant {case.complainant.file_number} (C*** T*** M***)"
    assert not IdentityAccess.objects.exists()


def test_an_auditor_cannot_search_the_export_by_a_complainants_name(client):
    CaseFactory(complainant=ComplainantFactory(name="Chan Tai Man"))
    client.force_login(make_user(AUDITOR))

    assert _rows(client.get(EXPORT, {"q": "Tai Man"})) == []


def test_a_restricted_case_of_a_colleague_is_not_exported(client, officer):
    mine = CaseFactory(assigned_officer=officer, confidentiality=Confidentiality.RESTRICTED)
    theirs = CaseFactory(assigned_officer=make_user(CASE_OFFICER), confidentiality=Confidentiality.RESTRICTED)
    client.force_login(officer)

    references = {row["reference"] for row in _rows(client.get(EXPORT))}

    assert mine.reference in references
    assert theirs.reference not in references
    assert not IdentityAccess.objects.filter(case=theirs).exists()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_made_text(client, officer, start):
    title = f'{start}HYPERLINK("http://evil.example","click")'
    case = CaseFactory(title=title, organisation=OrganisationFactory(name=f"{start}cmd|' /C calc'!A0"))
    client.force_login(officer)

    [row] = _rows(client.get(EXPORT))

    assert row["reference"] == case.reference
    assert row["summary"] == f"'{title}"
    assert row["organisation"].startswith(f"'{start}")


def test_only_a_formula_start_is_neutralised():
    assert neutralised("Card data = sold") == "Card data = sold"
    assert neutralised("=1+1") == "'=1+1"
    assert neutralised("") == ""


def test_a_filter_the_list_does_not_offer_answers_400_like_the_list(client, officer):
    client.force_login(officer)

    for query in ({"complainant__name__icontains": "Chan"}, {"organisation": "abc"}, {"received_on__year": "0"}):
        list_response = client.get("/admin/cases/case/", query)
        export_response = client.get(EXPORT, query)
        assert list_response.status_code == export_response.status_code == 400, query
        assert not export_response.streaming


def test_only_staff_who_may_view_cases_may_export(client):
    CaseFactory()
    client.force_login(make_user(EDITOR))
    assert client.get(EXPORT).status_code == 403

    client.logout()
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_export_answers_only_get(client, officer):
    client.force_login(officer)

    assert client.post(EXPORT).status_code == 405


# Four queries of any signed-in admin request; officers, teams, sectors and years (the list's
# filters); the list's count, exact on every database; the rows with their organisations,
# officers, teams, complainants and next deadlines. Then the identities exported, one bulk insert
# per chunk of rows.
EXPORT_READS = 10


def _identity_inserts(identities: int) -> int:
    """The INSERT statements of one bulk insert of this many identity-access rows on this database
    (one on PostgreSQL; SQLite splits it to stay under its limit of parameters)."""
    fields = [field for field in IdentityAccess._meta.concrete_fields if not field.primary_key]
    batch = connection.ops.bulk_batch_size(fields, [None] * identities)
    return ceil(identities / batch) if identities else 0


@pytest.mark.parametrize("n", [10, 1000])
@pytest.mark.parametrize("role", [AUDITOR, TEAM_LEAD])
def test_the_export_reads_the_same_number_of_queries_for_10_and_1000_cases(client, officer, role, n):
    bulk_cases(n, officers=[officer, make_user(CASE_OFFICER)], teams=[TeamFactory(), TeamFactory()], now=timezone.now())
    reader = make_user(role)
    client.force_login(reader)
    _download(client.get(EXPORT))  # fills the per-process caches (content types)

    with CaptureQueriesContext(connection) as queries:
        rows = _rows(client.get(EXPORT))

    assert len(rows) == n
    statements = [query["sql"] for query in queries.captured_queries]
    inserts = [sql for sql in statements if sql.startswith('INSERT INTO "cases_identityaccess"')]
    assert len(statements) - len(inserts) == EXPORT_READS
    shown = n if role == TEAM_LEAD else 0
    assert len(inserts) == _identity_inserts(shown)
    logged = IdentityAccess.objects.filter(context=AccessContext.CASE_EXPORT, user=reader)
    assert logged.count() == 2 * shown


def test_identities_are_logged_a_chunk_at_a_time_before_the_chunk_is_sent(client, officer, monkeypatch):
    monkeypatch.setattr("cases.export.CHUNK_SIZE", 4)
    cases = [CaseFactory() for _ in range(10)]
    client.force_login(officer)

    response = client.get(EXPORT)
    content = response.streaming_content
    header = next(content)
    logged_before_rows = IdentityAccess.objects.count()
    first_chunk = next(content)
    logged_with_first_chunk = IdentityAccess.objects.count()
    rest = b"".join(content)

    assert header.startswith("\ufeff".encode())
    assert logged_before_rows == 0
    assert logged_with_first_chunk == 4 == first_chunk.count(b"\n")
    assert IdentityAccess.objects.count() == len(cases) == 4 + rest.count(b"\n")
