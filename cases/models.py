import os
import re
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, validate_comma_separated_integer_list
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoricalQuerySet
from simple_history.models import HistoricalRecords

from cases import deadlines

# Dates before this or after LATEST_DATE are typing mistakes, and some cannot even be stored once
# converted to UTC (year 1 in Hong Kong is year 0 in UTC).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)


def validate_plausible_date(value) -> None:
    """Refuse a date or time outside the years any case, clock or log entry can fall in."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            code="implausible_date",
        )


def is_active_staff(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active and user.is_staff


class VisibleHistoricalQuerySet(HistoricalQuerySet):
    """Field history follows the visibility of the rows it is the history of."""

    def visible_to(self, user) -> "VisibleHistoricalQuerySet":
        visible = self.model.instance_type._default_manager.visible_to(user)
        return self.filter(**{f"{self.model.instance_type._meta.pk.attname}__in": visible.values("pk")})


class Jurisdiction(models.TextChoices):
    HONG_KONG = "HK", _("Hong Kong")
    MAINLAND_CHINA = "CN", _("Mainland China")
    MACAO = "MO", _("Macao")
    SINGAPORE = "SG", _("Singapore")
    EUROPEAN_UNION = "EU", _("European Union")
    UNITED_KINGDOM = "GB", _("United Kingdom")
    UNITED_STATES = "US", _("United States")
    OTHER = "XX", _("Other")


class Sector(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_zh = models.CharField(_("Chinese name"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class IssueCategory(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_zh = models.CharField(_("Chinese name"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("issue category")
        verbose_name_plural = _("issue categories")

    def __str__(self) -> str:
        return self.name


class DataProtectionPrinciple(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=120)
    title_zh = models.CharField(_("Chinese title"), max_length=120, blank=True)
    citation = models.CharField(_("legal citation"), max_length=120)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("data protection principle")
        verbose_name_plural = _("data protection principles")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=6), name="dpp_number_1_to_6"),
        ]

    def __str__(self) -> str:
        return f"DPP{self.number}: {self.title}"


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="case_teams")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A data user: the body complaints, enquiries and statistics hang off."""

    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    aliases = models.TextField(_("aliases"), blank=True, help_text=_("Other names it is known by, one per line."))
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("sector"))
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=2, choices=Jurisdiction.choices, default=Jurisdiction.HONG_KONG
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["name", "jurisdiction"], name="organisation_name_unique_per_jurisdiction"),
            models.CheckConstraint(
                condition=Q(jurisdiction__in=Jurisdiction.values), name="organisation_jurisdiction_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="organisation_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class ComplainantQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ComplainantQuerySet":
        """Complainants with a case this user may see, or with no case yet: nobody learns of a
        person whose only cases are hidden from them. Seeing who they are takes a permission too."""
        if not is_active_staff(user):
            return self.none()
        cases = Case.objects.filter(complainant=OuterRef("pk"))
        return self.filter(~Exists(cases) | Exists(cases.visible_to(user)))


class Complainant(models.Model):
    """A person who complains, kept apart from their cases.

    ``str()`` never shows the identity: screens that may show it call ``identity`` through
    ``cases.identity``, which checks the permission and records the access.
    """

    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("correspondence address"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(historical_queryset=VisibleHistoricalQuerySet)

    objects = ComplainantQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")
        permissions = [("view_complainant_identity", _("Can see who a complainant is"))]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="complainant_name_not_empty")]

    def __str__(self) -> str:
        return f"{_('Complainant')} {self.file_number} ({self.masked_name})" if self.pk else str(_("New complainant"))

    @property
    def file_number(self) -> str:
        return f"P-{self.pk:06d}"

    @staticmethod
    def id_from_file_number(text: str) -> int | None:
        """The id in a file number as staff type it ("P-000123", "p123"), or None if it is not one."""
        match = re.fullmatch(r"[Pp]-?0*(\d{1,18})", text.strip())
        return int(match[1]) if match else None

    @property
    def masked_name(self) -> str:
        return " ".join(f"{word[0]}***" for word in self.name.split()) or "***"

    @property
    def identity(self) -> str:
        return f"{self.name} ({self.name_zh})" if self.name_zh else self.name


class AccessContext(models.TextChoices):
    CASE_LIST = "case_list", _("case list")
    CASE_PAGE = "case_page", _("case page")
    COMPLAINANT_LIST = "complainant_list", _("complainant list")
    COMPLAINANT_PAGE = "complainant_page", _("complainant page")
    COMPLAINANT_SEARCH = "complainant_search", _("complainant look-up")


class IdentityAccessQuerySet(models.QuerySet):
    def visible_to(self, user) -> "IdentityAccessQuerySet":
        """Entries about complainants and cases this user may see: the log reveals nothing the
        screens would not."""
        return self.filter(complainant__in=Complainant.objects.visible_to(user)).filter(
            Q(case__isnull=True) | Q(case__in=Case.objects.visible_to(user))
        )


class IdentityAccess(models.Model):
    """One display of a complainant's identity to a member of staff."""

    complainant = models.ForeignKey(
        Complainant, on_delete=models.PROTECT, related_name="identity_accesses", verbose_name=_("complainant")
    )
    # The case on whose page or list row the identity was shown, if any.
    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("case")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    accessed_at = models.DateTimeField(_("accessed at"), db_index=True)
    context = models.CharField(_("where"), max_length=20, choices=AccessContext.choices)
    path = models.CharField(_("page"), max_length=300, blank=True)

    objects = IdentityAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = _("identity access")
        verbose_name_plural = _("identity accesses")
        constraints = [
            models.CheckConstraint(condition=Q(context__in=AccessContext.values), name="identity_access_context_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} saw {self.complainant} at {timezone.localtime(self.accessed_at):%Y-%m-%d %H:%M}"


class CaseKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    BREACH_NOTIFICATION = "breach", _("Data breach notification")
    COMPLIANCE_CHECK = "compliance", _("Compliance check")
    INVESTIGATION = "investigation", _("Investigation")
    DOXXING = "doxxing", _("Doxxing")
    INCOMING_REFERRAL = "referral", _("Incoming referral")


REFERENCE_PREFIXES = {
    CaseKind.COMPLAINT: "CMP",
    CaseKind.BREACH_NOTIFICATION: "DBN",
    CaseKind.COMPLIANCE_CHECK: "CCK",
    CaseKind.INVESTIGATION: "INV",
    CaseKind.DOXXING: "DOX",
    CaseKind.INCOMING_REFERRAL: "REF",
}


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("Intake")
    SCREENING = "screening", _("Screening")
    PRELIMINARY_ENQUIRY = "preliminary_enquiry", _("Preliminary enquiry")
    CONCILIATION = "conciliation", _("Conciliation")
    INVESTIGATION = "investigation", _("Investigation")
    NOT_PURSUED = "not_pursued", _("Decided not to pursue")
    RESULT = "result", _("Result issued")
    CLOSED = "closed", _("Closed")


S = CaseStatus
_COMPLAINT_FLOW = {
    S.INTAKE: {S.SCREENING},
    S.SCREENING: {S.PRELIMINARY_ENQUIRY, S.NOT_PURSUED},
    S.PRELIMINARY_ENQUIRY: {S.CONCILIATION, S.INVESTIGATION, S.NOT_PURSUED},
    S.CONCILIATION: {S.INVESTIGATION, S.RESULT},
    S.INVESTIGATION: {S.RESULT},
    S.NOT_PURSUED: {S.RESULT, S.CLOSED},
    S.RESULT: {S.CLOSED},
    S.CLOSED: {S.SCREENING},
}

# Which status each kind may move to from each status. ``CLOSED`` is entered only through
# ``close_case`` and left only through ``reopen_case``; both check this same map.
TRANSITIONS: dict[str, dict[str, set[str]]] = {
    CaseKind.COMPLAINT: _COMPLAINT_FLOW,
    CaseKind.INCOMING_REFERRAL: _COMPLAINT_FLOW,
    CaseKind.BREACH_NOTIFICATION: {
        S.INTAKE: {S.SCREENING},
        S.SCREENING: {S.PRELIMINARY_ENQUIRY, S.NOT_PURSUED},
        S.PRELIMINARY_ENQUIRY: {S.INVESTIGATION, S.RESULT},
        S.INVESTIGATION: {S.RESULT},
        S.NOT_PURSUED: {S.CLOSED},
        S.RESULT: {S.CLOSED},
        S.CLOSED: {S.SCREENING},
    },
    CaseKind.COMPLIANCE_CHECK: {
        S.INTAKE: {S.PRELIMINARY_ENQUIRY},
        S.PRELIMINARY_ENQUIRY: {S.INVESTIGATION, S.RESULT},
        S.INVESTIGATION: {S.RESULT},
        S.RESULT: {S.CLOSED},
        S.CLOSED: {S.PRELIMINARY_ENQUIRY},
    },
    CaseKind.INVESTIGATION: {
        S.INTAKE: {S.INVESTIGATION},
        S.INVESTIGATION: {S.RESULT},
        S.RESULT: {S.CLOSED},
        S.CLOSED: {S.INVESTIGATION},
    },
    CaseKind.DOXXING: {
        S.INTAKE: {S.SCREENING},
        S.SCREENING: {S.INVESTIGATION, S.NOT_PURSUED},
        S.INVESTIGATION: {S.RESULT},
        S.NOT_PURSUED: {S.CLOSED},
        S.RESULT: {S.CLOSED},
        S.CLOSED: {S.SCREENING},
    },
}
del S

# A reason is asked for wherever the move needs a justification on the record.
STATUSES_NEEDING_REASON = {CaseStatus.NOT_PURSUED, CaseStatus.CLOSED}


class Channel(models.TextChoices):
    ONLINE_FORM = "online", _("Online form")
    EMAIL = "email", _("E-mail")
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    PARTNER = "partner", _("Partner authority")
    SELF_INITIATED = "self", _("Own initiative")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    CHINESE = "zh-hant", _("Traditional Chinese")


class Confidentiality(models.TextChoices):
    NORMAL = "normal", _("Normal")
    RESTRICTED = "restricted", _("Restricted")


class Outcome(models.TextChoices):
    NO_CONTRAVENTION = "no_contravention", _("No contravention found")
    CONTRAVENTION = "contravention", _("Contravention found")
    ENFORCEMENT_NOTICE = "enforcement_notice", _("Enforcement notice served")
    CONCILIATED = "conciliated", _("Resolved through conciliation")
    ADVICE_GIVEN = "advice_given", _("Advice or warning given")
    NOT_PURSUED = "not_pursued", _("Not pursued")
    WITHDRAWN = "withdrawn", _("Withdrawn by the complainant")
    REFERRED = "referred", _("Referred to another body")


def officers():
    """Active staff who can work cases: the people a case can be assigned to."""
    from django.contrib.auth import get_user_model

    can_work = Q(codename="change_case", content_type__app_label="cases")
    permission_ids = Permission.objects.filter(can_work).values("pk")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True) | Q(groups__permissions__in=permission_ids) | Q(user_permissions__in=permission_ids)
        )
        .distinct()
        .order_by("username")
    )


def officer_choices() -> Q:
    return Q(pk__in=officers().values("pk"))


# The details staff edit on a case form, in the order shown; everything else moves through services.
DETAIL_FIELDS = [
    "title",
    "description",
    "channel",
    "language",
    "received_on",
    "organisation",
    "principles",
    "issue_categories",
    "team",
    "confidentiality",
]


BREACH_FIELDS = ["breach_aware_at", "breach_notified_at"]


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        """The cases this user may see anywhere: lists, search, detail, history, documents."""
        if not is_active_staff(user):
            return self.none()
        if user.has_perm("cases.view_restricted_cases"):
            return self
        if not user.has_perm("cases.view_case"):
            return self.none()
        return self.filter(Q(confidentiality=Confidentiality.NORMAL) | Q(assigned_officer=user))

    def open(self) -> "CaseQuerySet":
        return self.exclude(status=CaseStatus.CLOSED)

    def assigned_to(self, user) -> "CaseQuerySet":
        return self.filter(assigned_officer=user)


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices)
    year = models.PositiveSmallIntegerField(_("reference year"), editable=False)
    number = models.PositiveIntegerField(_("reference number"), editable=False)
    status = models.CharField(
        _("status"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.INTAKE, editable=False
    )
    title = models.CharField(_("summary"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.ENGLISH)
    received_on = models.DateField(_("received on"), validators=[validate_plausible_date])
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("organisation complained against"),
    )
    complainant = models.ForeignKey(
        Complainant,
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
        verbose_name=_("complainant"),
    )
    consent_to_disclose_identity = models.BooleanField(
        _("complainant consents to identity being disclosed to the organisation"), default=False
    )
    principles = models.ManyToManyField(
        DataProtectionPrinciple, blank=True, related_name="cases", verbose_name=_("principles alleged breached")
    )
    issue_categories = models.ManyToManyField(
        IssueCategory, blank=True, related_name="cases", verbose_name=_("issue categories")
    )
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        null=True,
        blank=True,
        limit_choices_to=officer_choices,
        verbose_name=_("assigned officer"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="cases", null=True, blank=True, verbose_name=_("team")
    )
    confidentiality = models.CharField(
        _("confidentiality"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    related_cases = models.ManyToManyField("self", blank=True, editable=False, verbose_name=_("related cases"))
    breach_aware_at = models.DateTimeField(
        _("organisation became aware of the breach"), null=True, blank=True, validators=[validate_plausible_date]
    )
    breach_notified_at = models.DateTimeField(
        _("organisation notified us"), null=True, blank=True, validators=[validate_plausible_date]
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True, editable=False)
    closing_reason = models.TextField(_("closing reason"), blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], historical_queryset=VisibleHistoricalQuerySet)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [
            ("view_restricted_cases", _("Can see restricted cases assigned to others")),
            ("assign_case", _("Can assign cases to any officer")),
            ("change_any_case", _("Can work on cases assigned to other officers")),
            ("change_case_confidentiality", _("Can change whether a case is restricted")),
            ("reopen_case", _("Can reopen a closed case")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "number"], name="case_reference_number_unique"),
            models.CheckConstraint(condition=Q(kind__in=CaseKind.values), name="case_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="case_channel_valid"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="case_language_valid"),
            models.CheckConstraint(
                condition=Q(confidentiality__in=Confidentiality.values), name="case_confidentiality_valid"
            ),
            models.CheckConstraint(condition=Q(outcome="") | Q(outcome__in=Outcome.values), name="case_outcome_valid"),
            models.CheckConstraint(condition=Q(number__gte=1), name="case_number_positive"),
            models.CheckConstraint(condition=~Q(title=""), name="case_title_not_empty"),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.CLOSED)
                | (~Q(outcome="") & ~Q(closing_reason="") & Q(closed_at__isnull=False)),
                name="case_closed_has_outcome_reason_and_time",
            ),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.CLOSED) | Q(closed_at__isnull=True), name="case_open_has_no_closed_at"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[CaseKind.COMPLAINT, CaseKind.DOXXING]) | Q(complainant__isnull=False),
                name="case_complaint_has_complainant",
            ),
            models.CheckConstraint(
                condition=Q(consent_to_disclose_identity=False) | Q(complainant__isnull=False),
                name="case_consent_needs_complainant",
            ),
            models.CheckConstraint(
                condition=Q(kind=CaseKind.BREACH_NOTIFICATION)
                | (Q(breach_aware_at__isnull=True) & Q(breach_notified_at__isnull=True)),
                name="case_breach_times_only_on_breach_notifications",
            ),
            models.CheckConstraint(
                condition=Q(breach_aware_at__isnull=True)
                | Q(breach_notified_at__isnull=True)
                | Q(breach_notified_at__gte=F("breach_aware_at")),
                name="case_breach_notified_after_aware",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "assigned_officer"]),
            models.Index(fields=["received_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def allowed_statuses(self) -> frozenset[str]:
        return frozenset(TRANSITIONS[self.kind].get(self.status, ()))

    def can_transition_to(self, status: str) -> bool:
        return status in self.allowed_statuses

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def breach_notification_delay(self) -> timedelta | None:
        if self.breach_aware_at is None or self.breach_notified_at is None:
            return None
        return self.breach_notified_at - self.breach_aware_at

    @property
    def breach_notified_within_72_hours(self) -> bool | None:
        delay = self.breach_notification_delay
        return None if delay is None else delay <= timedelta(hours=72)


class ReferenceSequence(models.Model):
    """The last reference number handed out per kind and year; rows are locked while counting."""

    kind = models.CharField(max_length=20, choices=CaseKind.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="reference_sequence_unique"),
            models.CheckConstraint(condition=Q(kind__in=CaseKind.values), name="reference_sequence_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class CaseEventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    STATUS_CHANGED = "status_changed", _("Status changed")
    NOTE = "note", _("Note")
    LINKED = "linked", _("Linked to another case")
    DOCUMENT_ADDED = "document_added", _("Document added")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    CLOCK_STARTED = "clock_started", _("Clock started")
    CLOCK_PAUSED = "clock_paused", _("Clock paused")
    CLOCK_RESUMED = "clock_resumed", _("Clock resumed")
    CLOCK_EXTENDED = "clock_extended", _("Deadline extended")
    CLOCK_MET = "clock_met", _("Deadline met")
    CLOCK_STOPPED = "clock_stopped", _("Clock stopped")
    DEADLINE_MOVED = "deadline_moved", _("Deadline moved by the calendar")


class CaseRowQuerySet(models.QuerySet):
    """Rows that belong to one case (events, documents, clocks): seen with their case or not at all."""

    def visible_to(self, user) -> "CaseRowQuerySet":
        return self.filter(case__in=Case.objects.visible_to(user))


class CaseEvent(models.Model):
    """The append-only timeline of a case. Written by services only."""

    Kind = CaseEventKind

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("case"))
    kind = models.CharField(_("event"), max_length=20, choices=CaseEventKind.choices)
    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(_("from status"), max_length=24, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=24, choices=CaseStatus.choices, blank=True)
    text = models.TextField(_("details"), blank=True)
    # Kept apart from the text so that a reader who may not see the other case never sees
    # its reference either.
    related_case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("other case")
    )

    objects = CaseRowQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CaseEventKind.values), name="case_event_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind__in=["status_changed", "closed", "reopened"])
                | (~Q(from_status="") & ~Q(to_status="")),
                name="case_event_status_change_has_statuses",
            ),
            models.CheckConstraint(condition=~Q(kind="note") | ~Q(text=""), name="case_event_note_has_text"),
            models.CheckConstraint(
                condition=~Q(kind="linked") | Q(related_case__isnull=False), name="case_event_link_names_the_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({timezone.localtime(self.at):%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Case events are append-only.")
        super().save(*args, **kwargs)


@deconstructible
class DocumentStorage(FileSystemStorage):
    """Private storage under ``settings.DOCUMENTS_ROOT``, read when used so tests can move it."""

    @property
    def base_location(self):
        return settings.DOCUMENTS_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("Case documents have no public URL; use the document-download view.")


document_storage = DocumentStorage()


def document_path(document: "Document", filename: str) -> str:
    return f"cases/{document.case_id}/{document.sha256[:2]}/{document.sha256}"


class Document(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents", verbose_name=_("case"))
    file = models.FileField(_("file"), storage=document_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    history = HistoricalRecords(historical_queryset=VisibleHistoricalQuerySet)

    objects = CaseRowQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="document_sha256_hex"),
        ]

    def __str__(self) -> str:
        return self.original_name


class CalendarCode(models.TextChoices):
    HONG_KONG = "hk", _("Hong Kong (Cap. 1 s.71)")
    NONE = "none", _("No holiday rules")


class CalendarDayKind(models.TextChoices):
    GENERAL_HOLIDAY = "general_holiday", _("General holiday")
    GALE_WARNING = "gale_warning", _("Gale warning day")
    BLACK_RAINSTORM = "black_rainstorm", _("Black rainstorm warning day")


class CalendarDayQuerySet(models.QuerySet):
    def for_calendar(self, code: str) -> "CalendarDayQuerySet":
        if code == CalendarCode.HONG_KONG:
            return self.filter(jurisdiction=Jurisdiction.HONG_KONG)
        return self.none()


class CalendarDay(models.Model):
    """A day on which a period may not end: a general holiday or a day a warning was in force."""

    Kind = CalendarDayKind

    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=2, choices=Jurisdiction.choices, default=Jurisdiction.HONG_KONG
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=120, help_text=_("e.g. “Christmas Day” or “Signal No. 8”."))
    source = models.CharField(_("source"), max_length=200, help_text=_("Where this day comes from."))
    history = HistoricalRecords()

    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        ordering = ["date", "kind"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "date", "kind"], name="calendar_day_unique"),
            models.CheckConstraint(condition=Q(kind__in=CalendarDayKind.values), name="calendar_day_kind_valid"),
            models.CheckConstraint(
                condition=Q(jurisdiction__in=Jurisdiction.values), name="calendar_day_jurisdiction_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="calendar_day_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"

    @property
    def reason(self) -> str:
        """How the explanation of a deadline names this day."""
        if self.kind == CalendarDayKind.GENERAL_HOLIDAY:
            return f"a general holiday ({self.name})"
        return f"a {self.get_kind_display().lower()} ({self.name})"


def load_calendar(code: str) -> deadlines.Calendar:
    """The calendar a rule counts on, with every closed day the database knows of."""
    if code != CalendarCode.HONG_KONG:
        return deadlines.PLAIN
    reasons: dict[date, list[str]] = {}
    for day in CalendarDay.objects.for_calendar(code):
        reasons.setdefault(day.date, []).append(day.reason)
    return deadlines.hong_kong({day: " and ".join(why) for day, why in reasons.items()})


class DeadlineUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("calendar days")
    WORKING_DAYS = "working_days", _("working days")
    MONTHS = "months", _("months")


class ClockTrigger(models.TextChoices):
    COMPLAINT_RECEIVED = "complaint_received", _("receipt of the complaint")
    REQUEST_RECEIVED = "request_received", _("receipt of the request")
    ENQUIRY_SENT = "enquiry_sent", _("sending of the enquiry")
    BREACH_AWARENESS = "breach_awareness", _("awareness of the breach")
    REQUEST_FROM_AUTHORITY = "authority_request", _("receipt of another authority's request")
    PREVIOUS_UPDATE = "previous_update", _("the previous update")


# Ten years of days or months: longer than any time limit, and every due date stays before LATEST_DATE.
LONGEST_PERIOD = 3650


class ClockRule(models.Model):
    """A statutory or internal time limit and how it is counted."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    citation = models.CharField(_("legal citation"), max_length=200)
    length = models.PositiveIntegerField(_("length"), validators=[MaxValueValidator(LONGEST_PERIOD)])
    unit = models.CharField(_("unit"), max_length=20, choices=DeadlineUnit.choices)
    trigger = models.CharField(_("counted from"), max_length=30, choices=ClockTrigger.choices)
    calendar = models.CharField(_("calendar"), max_length=10, choices=CalendarCode.choices)
    can_pause = models.BooleanField(_("can be paused"), default=False)
    max_extension_days = models.PositiveIntegerField(
        _("longest extension in days"), default=0, validators=[MaxValueValidator(LONGEST_PERIOD)]
    )
    rolling = models.BooleanField(_("starts again when met"), default=False)
    warning_days = models.CharField(
        _("warn this many days before"),
        max_length=40,
        blank=True,
        validators=[validate_comma_separated_integer_list],
        help_text=_("Comma-separated, e.g. “7,1”."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("clock rule")
        verbose_name_plural = _("clock rules")
        constraints = [
            models.CheckConstraint(condition=Q(length__gte=1), name="clock_rule_length_positive"),
            models.CheckConstraint(condition=Q(length__lte=LONGEST_PERIOD), name="clock_rule_length_plausible"),
            models.CheckConstraint(
                condition=Q(max_extension_days__lte=LONGEST_PERIOD), name="clock_rule_extension_plausible"
            ),
            models.CheckConstraint(condition=Q(unit__in=DeadlineUnit.values), name="clock_rule_unit_valid"),
            models.CheckConstraint(condition=Q(calendar__in=CalendarCode.values), name="clock_rule_calendar_valid"),
            models.CheckConstraint(condition=Q(trigger__in=ClockTrigger.values), name="clock_rule_trigger_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    @property
    def period(self) -> str:
        return f"{self.length} {self.get_unit_display()}"


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    STOPPED = "stopped", _("Stopped")


OPEN_CLOCK_STATES = [ClockState.RUNNING, ClockState.PAUSED]


class ClockQuerySet(CaseRowQuerySet):
    def open(self) -> "ClockQuerySet":
        return self.filter(state__in=OPEN_CLOCK_STATES)

    def breached(self, now) -> "ClockQuerySet":
        """Running clocks whose due moment has passed; derived, never stored."""
        return self.filter(state=ClockState.RUNNING, due_at__lt=now)

    def due_within(self, now, days: int) -> "ClockQuerySet":
        return self.filter(state=ClockState.RUNNING, due_at__gte=now, due_at__lt=now + timedelta(days=days))

    def on_calendar(self, code: str) -> "ClockQuerySet":
        return self.filter(rule__calendar=code)


class Clock(models.Model):
    """A time limit running on a case. Its due moment is derived from its events, never typed in."""

    State = ClockState

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="clocks", verbose_name=_("case"))
    rule = models.ForeignKey(ClockRule, on_delete=models.PROTECT, related_name="clocks", verbose_name=_("rule"))
    started_at = models.DateTimeField(_("counted from"))
    state = models.CharField(_("state"), max_length=10, choices=ClockState.choices, default=ClockState.RUNNING)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    explanation = models.TextField(_("how the due date was reached"), blank=True)
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next", verbose_name=_("follows")
    )
    history = HistoricalRecords(historical_queryset=VisibleHistoricalQuerySet)

    objects = ClockQuerySet.as_manager()

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("clock")
        verbose_name_plural = _("clocks")
        indexes = [
            # "breached" and "due within 7 days" only ever look at running clocks
            models.Index(fields=["due_at"], condition=Q(state="running"), name="clock_running_due_at"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ClockState.values), name="clock_state_valid"),
            models.CheckConstraint(
                condition=Q(state=ClockState.PAUSED, paused_at__isnull=False, due_at__isnull=True)
                | (~Q(state=ClockState.PAUSED) & Q(paused_at__isnull=True)),
                name="clock_paused_has_pause_and_no_due",
            ),
            models.CheckConstraint(
                condition=~Q(state=ClockState.RUNNING) | Q(due_at__isnull=False), name="clock_running_has_due"
            ),
            models.CheckConstraint(
                condition=Q(state=ClockState.MET, met_at__isnull=False)
                | (~Q(state=ClockState.MET) & Q(met_at__isnull=True)),
                name="clock_met_has_met_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule.code} on {self.case.reference}"

    def compute_deadline(self, calendar: deadlines.Calendar) -> deadlines.Deadline:
        """The due moment from the start, the rule, the finished pauses and the extensions."""
        pauses = self.pauses.all() if self.pk else []
        extensions = self.extensions.all() if self.pk else []
        return deadlines.compute_due(
            self.started_at,
            self.rule.length,
            self.rule.unit,
            calendar,
            pauses=[(pause.paused_at, pause.resumed_at) for pause in pauses if pause.resumed_at],
            extension_days=[extension.days for extension in extensions],
        )

    @property
    def extended_days(self) -> int:
        return sum(extension.days for extension in self.extensions.all())

    @property
    def available_actions(self) -> list[str]:
        """What staff may do to this clock now: the services it may go through."""
        if self.case.is_closed:
            return []
        actions = []
        if self.state == ClockState.RUNNING and self.rule.can_pause:
            actions.append("pause")
        if self.state == ClockState.PAUSED:
            actions.append("resume")
        if self.state in OPEN_CLOCK_STATES and self.extended_days < self.rule.max_extension_days:
            actions.append("extend")
        if self.state == ClockState.RUNNING:
            actions.append("meet")
        return actions

    def is_breached(self, now) -> bool:
        """Running past its due moment: the same test as ``Clock.objects.breached(now)``."""
        return self.state == ClockState.RUNNING and self.due_at < now

    @property
    def met_late(self) -> bool:
        return self.state == ClockState.MET and self.due_at is not None and self.met_at > self.due_at

    def days_left(self, today: date) -> int | None:
        if self.state != ClockState.RUNNING:
            return None
        return (timezone.localtime(self.due_at).date() - today).days


class ClockPause(models.Model):
    clock = models.ForeignKey(Clock, on_delete=models.PROTECT, related_name="pauses", verbose_name=_("clock"))
    paused_at = models.DateTimeField(_("paused at"))
    resumed_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    paused_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["paused_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="clock_pause_has_reason"),
            models.CheckConstraint(
                condition=Q(resumed_at__isnull=True) | Q(resumed_at__gte=F("paused_at")),
                name="clock_pause_resumes_after_pausing",
            ),
            models.UniqueConstraint(
                fields=["clock"], condition=Q(resumed_at__isnull=True), name="clock_pause_one_open_per_clock"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clock} paused {self.paused_at:%Y-%m-%d}"


class ClockExtension(models.Model):
    clock = models.ForeignKey(Clock, on_delete=models.PROTECT, related_name="extensions", verbose_name=_("clock"))
    days = models.PositiveIntegerField(_("days"))
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["granted_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=1), name="clock_extension_at_least_a_day"),
            models.CheckConstraint(condition=~Q(reason=""), name="clock_extension_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.clock} extended by {self.days} days"
