"""factory_boy factories for the cases app: every factory produces a row that passes the model's
constraints, so tests only spell out what they are about.

    officer = UserFactory(role=CASE_OFFICER)          # or make_user(CASE_OFFICER)
    lead = UserFactory(role=[TEAM_LEAD])
    case = CaseFactory(kind=CaseKind.DOXXING, confidentiality="restricted", assigned_officer=officer)
    closed = CaseFactory(status=CaseStatus.CLOSED)    # outcome, reason and closed_at filled in
    draft = EnquiryFactory(cases=[case], officer=officer)

Cases get their reference from ``services.allocate_reference``, like real ones, but no timeline
events: a test about the timeline opens its case with ``services.open_case``.
"""

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from cases import services
from cases.models import (
    KINDS_NEEDING_COMPLAINANT,
    Case,
    CaseKind,
    CaseStatus,
    Channel,
    ClockRule,
    Complainant,
    Confidentiality,
    Document,
    Enquiry,
    Language,
    Organisation,
    Outcome,
    Sector,
    Team,
)
from dpa.roles import CASE_OFFICER, TEAM_LEAD
from tests.helpers.moments import NOW, TODAY


def _add_roles(user, roles) -> None:
    """Put ``user`` in the groups named by ``roles`` (one role name or several), which must exist."""
    names = [roles] if isinstance(roles, str) else list(roles)
    groups = list(Group.objects.filter(name__in=names))
    missing = set(names) - {group.name for group in groups}
    if missing:
        raise ValueError(f"No such role group: {', '.join(sorted(missing))}")
    user.groups.add(*groups)


class UserFactory(DjangoModelFactory):
    """A member of staff, by default with no role; ``role=`` takes one role name or a list."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Sequence(lambda n: f"Staff{n}")
    last_name = "Chan"
    email = factory.LazyAttribute(lambda user: f"{user.username}@dpa.example")
    # Unusable unless given (``UserFactory(password="...")`` hashes it): hashing is slow, and
    # tests log in with ``client.force_login``.
    password = factory.django.Password(None)
    is_staff = True
    is_active = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            _add_roles(self, extracted)


def make_user(role: str | list[str] | None = None, **kwargs):
    """A staff user in the given role group(s), e.g. ``make_user(CASE_OFFICER, is_active=False)``."""
    return UserFactory(role=role, **kwargs)


class SectorFactory(DjangoModelFactory):
    """A sector, reusing the seeded row when the code exists (``SectorFactory(code="retail")``)."""

    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"sector-{n}")
    name = factory.LazyAttribute(lambda sector: sector.code.replace("-", " ").capitalize())


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n} Limited")
    # A sector seeded by migration 0002: no new reference data per organisation.
    sector = factory.SubFactory(SectorFactory, code="technology")
    contact_email = factory.Sequence(lambda n: f"dpo{n}@organisation.example")


class ComplainantFactory(DjangoModelFactory):
    class Meta:
        model = Complainant

    name = factory.Sequence(lambda n: f"Chan Tai Man {n}")
    email = factory.Sequence(lambda n: f"complainant{n}@mail.example")


class TeamFactory(DjangoModelFactory):
    """A team; ``members=[user, ...]`` adds members."""

    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


def _is_closed(case) -> bool:
    return case.status == CaseStatus.CLOSED


class CaseFactory(DjangoModelFactory):
    """A valid case in any kind and status; the reference is allocated like a real one.

    Complaints and doxxing cases get a complainant; ``status=CaseStatus.CLOSED`` fills in an
    outcome, a closing reason and ``closed_at``. ``principles=`` and ``issue_categories=`` take lists.
    """

    class Meta:
        model = Case
        skip_postgeneration_save = True

    kind = CaseKind.COMPLAINT
    status = CaseStatus.INTAKE
    title = factory.Sequence(lambda n: f"Personal data disclosed without consent ({n})")
    description = ""
    channel = Channel.ONLINE_FORM
    language = Language.ENGLISH
    received_on = TODAY
    organisation = factory.SubFactory(OrganisationFactory)
    complainant = factory.Maybe(
        factory.LazyAttribute(lambda case: case.kind in KINDS_NEEDING_COMPLAINANT),
        yes_declaration=factory.SubFactory(ComplainantFactory),
        no_declaration=None,
    )
    consent_to_disclose_identity = False
    assigned_officer = None
    team = None
    confidentiality = Confidentiality.NORMAL
    # The database insists that a closed case, and only a closed case, carries these.
    outcome = factory.LazyAttribute(lambda case: Outcome.NO_CONTRAVENTION if _is_closed(case) else "")
    closing_reason = factory.LazyAttribute(lambda case: "Investigation completed." if _is_closed(case) else "")
    closed_at = factory.LazyAttribute(lambda case: NOW if _is_closed(case) else None)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if "reference" not in kwargs:
            year = kwargs.setdefault("year", kwargs["received_on"].year)
            kwargs["number"], kwargs["reference"] = services.allocate_reference(kind=kwargs["kind"], year=year)
        # No full_clean(): the database checks the same constraints, much faster.
        return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def principles(self, create, extracted, **kwargs):
        if create and extracted:
            self.principles.set(extracted)

    @factory.post_generation
    def issue_categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.issue_categories.set(extracted)


class DocumentFactory(DjangoModelFactory):
    """A document attached through ``services.add_document`` (so it also writes its event).

    ``content=`` and ``name=`` choose the file; the default is a short plain-text note.
    """

    class Meta:
        model = Document

    case = factory.SubFactory(CaseFactory)
    # Someone who may add documents to any case; tests about who may pass ``uploaded_by=``.
    uploaded_by = factory.SubFactory(UserFactory, role=TEAM_LEAD)
    uploaded_at = NOW
    description = ""
    content = b"Letter from the organisation, received by e-mail.\n"
    name = "letter.txt"

    @classmethod
    def _create(cls, model_class, *, case, uploaded_by, uploaded_at, description, content, name):
        return services.add_document(
            case,
            uploaded=SimpleUploadedFile(name, content),
            by=uploaded_by,
            now=uploaded_at,
            description=description,
        )


class EnquiryFactory(DjangoModelFactory):
    """A draft enquiry written directly, with no timeline entries (a test about drafting calls
    ``draft_enquiry``). ``cases=[...]`` chooses its cases; by default one new complaint about its
    organisation, assigned to its officer."""

    class Meta:
        model = Enquiry
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    officer = factory.SubFactory(UserFactory, role=CASE_OFFICER)
    recipients = factory.LazyAttribute(lambda enquiry: enquiry.organisation.contact_email)
    language = Language.ENGLISH
    subject = "Use of members' data to train AI models"
    questions = "When did the change take effect?\n\nHow were members told of it?"
    # The rule seeded by migration 0002 that an enquiry takes by default; by its setting, as
    # tests.helpers.clocks, which names it ENQUIRY, imports this module.
    rule = factory.LazyFunction(lambda: ClockRule.objects.get(code=settings.DEFAULT_ENQUIRY_RULE))
    drafted_at = NOW

    @factory.post_generation
    def cases(self, create, extracted, **kwargs):
        if create:
            if extracted is None:
                extracted = [CaseFactory(organisation=self.organisation, assigned_officer=self.officer)]
            self.cases.set(extracted)
