import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from cases.models import AccessContext, CaseKind, Channel, Confidentiality
from dpa.roles import CASE_OFFICER, TEAM_LEAD
from tests.factories import NOW, ComplainantFactory, OrganisationFactory, make_user


@pytest.fixture
def officer():
    return make_user(CASE_OFFICER, username="officer")


@pytest.fixture
def other_officer():
    return make_user(CASE_OFFICER, username="officer2")


@pytest.fixture
def lead():
    return make_user(TEAM_LEAD, username="teamlead")


@pytest.fixture
def probe_world():
    """A restricted case of one officer's, with a complainant, note, document, clocks and history,
    and a normal case of a colleague's: what the probes of the admin try to reach."""
    owner = make_user(CASE_OFFICER, username="owner")
    colleague = make_user(CASE_OFFICER, username="colleague")
    lead = make_user(TEAM_LEAD, username="lead")
    secret_person = ComplainantFactory(name="Ho Ka Yan", email="ho.kayan@secret.example")
    restricted = services.open_case(
        kind=CaseKind.COMPLAINT,
        title="Medical records of a patient posted in a chat group",
        received_on=NOW.date(),
        channel=Channel.EMAIL,
        organisation=OrganisationFactory(name="Harbourside Clinic Limited"),
        complainant=secret_person,
        confidentiality=Confidentiality.RESTRICTED,
        assigned_officer=owner,
        by=lead,
        now=NOW,
    )
    services.add_note(restricted, text="Spoke to the clinic's privacy officer in confidence.", by=owner, now=NOW)
    services.add_document(
        restricted, uploaded=SimpleUploadedFile("clinic-minutes.txt", b"Minutes.\n"), by=owner, now=NOW
    )
    services.update_case_details(restricted, changes={"description": "Screenshots attached."}, by=owner, now=NOW)
    visible_person = ComplainantFactory(name="Lam Siu Ming", email="lam.siuming@visible.example")
    normal = services.open_case(
        kind=CaseKind.COMPLAINT,
        title="CCTV camera pointed at a neighbour's flat",
        received_on=NOW.date(),
        channel=Channel.ONLINE_FORM,
        complainant=visible_person,
        assigned_officer=colleague,
        by=lead,
        now=NOW,
    )
    for case, person in ((restricted, secret_person), (normal, visible_person)):
        services.record_identity_access(
            user=owner,
            shown={(person.pk, case.pk)},
            context=AccessContext.CASE_PAGE,
            path=f"/admin/cases/case/{case.pk}/change/",
            now=NOW,
        )
    return {"owner": owner, "colleague": colleague, "restricted": restricted, "normal": normal}
