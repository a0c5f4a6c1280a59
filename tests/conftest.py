"""Settings every test runs under, and the fixtures tests share: staff by role, Hong Kong's
holidays, the restricted case the probes of the admin try to reach, and a client that shows a
crash as its 500 page. Helpers that are not fixtures are in tests/helpers/."""

import logging
from smtplib import SMTPServerDisconnected

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail.backends.locmem import EmailBackend as OutboxBackend
from django.db import connection
from django.test import Client
from django.utils import timezone

from cases import services
from cases.models import CalendarDay, CaseStatus, Channel, Confidentiality
from dpa.celery import app as celery_app
from dpa.roles import ADMINISTRATOR, AUDITOR, CASE_OFFICER, EDITOR, PUBLISHER, TEAM_LEAD
from tests.helpers.cases import open_case
from tests.helpers.clocks import add_day_and_move
from tests.helpers.enquiries import enquiry_draft, sent_through_the_service
from tests.helpers.factories import (
    CaseFactory,
    ComplainantFactory,
    OrganisationFactory,
    TeamFactory,
    make_user,
)
from tests.helpers.identity_log import record_shown
from tests.helpers.moments import NOW, at
from tests.helpers.probe_rows import enquiry_behind
from tests.helpers.sign_in import PASSWORD

# --- settings -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    """Uploaded documents go to a throw-away folder, never under var/."""
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    settings.GUIDANCE_FILES_ROOT = tmp_path / "guidance"


@pytest.fixture(scope="module")
def restore_seeded_data_afterwards(django_db_blocker):
    """Put the data migrations' rows (roles, sectors, permissions, rules) back once a transactional
    test has emptied every table, for the tests that run after it. Module scope makes this run after
    the function-scoped flush."""
    yield
    with django_db_blocker.unblock():
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """The test client speaks plain HTTP; production settings would redirect it to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _password_alone_signs_in(settings):
    """Most tests sign in with ``client.force_login``; the second factor's own tests switch it back on."""
    settings.SECOND_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """Staff are made with a password and sign in through the login form many times: a fast hasher
    keeps that quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _sessions_saved_when_changed(settings):
    """Query budgets count what a page asks for, not the session write that production makes on every
    request for the idle timeout; tests/dpa/test_sessions.py tests that write."""
    settings.SESSION_SAVE_EVERY_REQUEST = False


@pytest.fixture
def second_factor_required(settings):
    settings.SECOND_FACTOR_REQUIRED = True


@pytest.fixture
def mail_server_down(monkeypatch):
    """The mail server drops the connection for the next ``failures["left"]`` messages (all, by default)."""
    failures = {"left": 1000}
    send_messages = OutboxBackend.send_messages

    def refuse_or_send(backend, messages):
        if failures["left"] > 0:
            failures["left"] -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return send_messages(backend, messages)

    monkeypatch.setattr(OutboxBackend, "send_messages", refuse_or_send)
    return failures


@pytest.fixture
def tasks_run_in_process():
    """Run Celery tasks in-process when they are sent, so their e-mail lands in ``mailoutbox``."""
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


# --- staff by role, each signing in with tests.helpers.sign_in.PASSWORD -----------------------------


@pytest.fixture
def officer():
    return make_user(CASE_OFFICER, username="officer", first_name="Karen", last_name="Chan", password=PASSWORD)


@pytest.fixture
def other_officer():
    return make_user(CASE_OFFICER, username="officer2", first_name="Daniel", last_name="Wong", password=PASSWORD)


@pytest.fixture
def lead():
    return make_user(TEAM_LEAD, username="teamlead", first_name="Grace", last_name="Leung", password=PASSWORD)


@pytest.fixture
def auditor():
    return make_user(AUDITOR, username="auditor", password=PASSWORD)


@pytest.fixture
def editor():
    return make_user(EDITOR, username="editor", password=PASSWORD)


@pytest.fixture
def publisher():
    return make_user(PUBLISHER, username="publisher", first_name="Iris", last_name="Ho", password=PASSWORD)


@pytest.fixture
def administrator():
    return make_user(ADMINISTRATOR, username="administrator", password=PASSWORD)


@pytest.fixture
def superuser():
    return make_user(username="root", is_superuser=True, password=PASSWORD)


@pytest.fixture
def staff(officer, other_officer, lead, administrator, superuser, auditor, editor):
    """One of each kind of staff, by what they are to a restricted case of ``officer``'s."""
    return {
        "assigned_officer": officer,
        "other_officer": other_officer,
        "team_lead": lead,
        "administrator": administrator,
        "superuser": superuser,
        "auditor": auditor,
        "editor": editor,
    }


@pytest.fixture
def officers_case(officer):
    """A complaint assigned to ``officer``."""
    return CaseFactory(assigned_officer=officer)


# --- the calendar ---------------------------------------------------------------------------------


@pytest.fixture
def hk_calendar():
    """Hong Kong's general holidays for 2023-2027, on file before any clock starts."""
    return services.sync_holidays(years=range(2023, 2028), now=at(2023, 1, 2, 9, 0))


# --- what the probes of the admin try to reach -----------------------------------------------------


@pytest.fixture
def probe_world():
    """A restricted case of one officer's, with a complainant, note, document, clocks and history,
    and a normal case of a colleague's, both moved by a calendar change: what the probes of the
    admin try to reach."""
    owner = make_user(CASE_OFFICER, username="owner")
    colleague = make_user(CASE_OFFICER, username="colleague")
    lead = make_user(TEAM_LEAD, username="lead")
    restricted = open_case(
        title="Medical records of a patient posted in a chat group",
        channel=Channel.EMAIL,
        organisation=OrganisationFactory(name="Harbourside Clinic Limited"),
        complainant=ComplainantFactory(name="Ho Ka Yan", email="ho.kayan@secret.example"),
        confidentiality=Confidentiality.RESTRICTED,
        assigned_officer=owner,
        by=lead,
    )
    services.add_note(restricted, text="Spoke to the clinic's privacy officer in confidence.", by=owner, now=NOW)
    services.add_document(
        restricted, uploaded=SimpleUploadedFile("clinic-minutes.txt", b"Minutes.\n"), by=owner, now=NOW
    )
    services.update_case_details(restricted, changes={"description": "Screenshots attached."}, by=owner, now=NOW)
    normal = open_case(
        title="CCTV camera pointed at a neighbour's flat",
        complainant=ComplainantFactory(name="Lam Siu Ming", email="lam.siuming@visible.example"),
        assigned_officer=colleague,
        by=lead,
    )
    for case in (restricted, normal):
        record_shown(owner, case)
    behind = enquiry_behind(restricted, officer=owner, now=NOW)
    # A black rainstorm on the day both cases' decision clocks fall due: its change lists both.
    due_on = timezone.localdate(restricted.clocks.get(rule__code="hk-pdpo-s39-3").due_at)
    add_day_and_move(day=due_on, kind="black_rainstorm", name="Black rainstorm", source="HKO", by=lead, now=NOW)
    return {"owner": owner, "colleague": colleague, "restricted": restricted, "normal": normal, "behind": behind}


@pytest.fixture
def fuzz_world(probe_world, superuser):
    """probe_world, a superuser, and a row on every list: a team, a calendar day, a failed sign-in,
    a closed case."""
    TeamFactory(members=[probe_world["colleague"]])
    CalendarDay.objects.create(
        date=timezone.localdate(), kind=CalendarDay.Kind.GALE_WARNING, name="Signal No. 8", source="Observatory"
    )
    AccessAttempt.objects.create(
        username="someone",
        ip_address="192.0.2.1",
        user_agent="Fuzzer",
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    closed = CaseFactory(status=CaseStatus.CLOSED, assigned_officer=probe_world["colleague"])
    return {**probe_world, "root": superuser, "closed": closed}


@pytest.fixture
def visitor(caplog):
    """A client that answers a crash with its 500 page instead of raising it, as the server would."""
    # Every refusal is logged as a warning, thousands of them; a crash is still logged as an error.
    for name in ("django.request", "django.security"):
        caplog.set_level(logging.ERROR, logger=name)
    return Client(raise_request_exception=False)


# --- cases and enquiries ------------------------------------------------------------------------------


@pytest.fixture
def case(officer):
    """Lam Siu Ming's complaint about a fake account, opened by ``officer`` at NOW with the clocks that
    starts (the s.39(3) and complainant-update ones)."""
    complainant = ComplainantFactory(name="Lam Siu Ming", email="lam@mail.example")
    return open_case(by=officer, assigned_officer=officer, complainant=complainant, title="Fake account")


@pytest.fixture
def linkwave_draft(officer):
    """A draft to Linkwave about two of ``officer``'s complaints."""
    linkwave = OrganisationFactory(name="Linkwave Limited", contact_email="dpo@linkwave.example")
    return enquiry_draft(officer, organisation=linkwave, questions="Since when?")


@pytest.fixture
def enquiry_sent_at_now(linkwave_draft, officer):
    """``linkwave_draft`` sent at NOW: the reply is due on Mon 16 Mar 2026."""
    return sent_through_the_service(linkwave_draft, by=officer)
