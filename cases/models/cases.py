"""Cases: what a case records, and who may see which case. Its kinds, statuses and the workflow
each kind follows are in ``workflow``."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.bulk_rows import listed_ids
from cases.models.base import VisibleHistoricalQuerySet, is_active_staff
from cases.models.complainants import Complainant
from cases.models.organisations import Organisation
from cases.models.reference import DataProtectionPrinciple, IssueCategory, Team
from cases.models.workflow import KINDS_NEEDING_COMPLAINANT, TRANSITIONS, CaseKind, CaseStatus
from dpa.dates import validate_plausible_date


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


def sees_every_case(user) -> bool:
    """Restricted cases too, whoever they are assigned to: every case there is."""
    return is_active_staff(user) and user.has_perm("cases.view_restricted_cases")


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
        if sees_every_case(user):
            return self
        if not is_active_staff(user):
            return self.none()
        if not user.has_perm("cases.view_case"):
            return self.none()
        return self.filter(Q(confidentiality=Confidentiality.NORMAL) | Q(assigned_officer=user))

    def open(self) -> "CaseQuerySet":
        return self.exclude(status=CaseStatus.CLOSED)

    def assigned_to(self, user) -> "CaseQuerySet":
        return self.filter(assigned_officer=user)

    def moved_by(self, calendar_change) -> "CaseQuerySet":
        """The cases whose deadlines a calendar change moved (``CalendarChange.moved_cases``)."""
        from cases.models.calendar_changes import CalendarChange  # calendar changes name cases

        moved = CalendarChange.moved_cases.through.objects.filter(calendarchange=calendar_change)
        return self.filter(pk__in=moved.values("case_id"))

    def among(self, ids) -> "CaseQuerySet":
        """These cases, named by id (a few thousand at most), read one by one by their key: the ids
        are one parameter, of which PostgreSQL expects a short list (``bulk_rows.listed_ids``)."""
        return self.filter(pk__in=listed_ids(ids))

    def with_clock_among(self, clocks) -> "CaseQuerySet":
        """The cases one of these clocks runs on, when they are many, for a list that walks the
        cases newest first.

        Alone, ``pk IN (clocks)`` becomes a join that descends the clocks' index once for each case
        walked (45 ms to find 50 breached among a million). Under an OR PostgreSQL cannot turn it
        into a join: it hashes the clocks' case ids once and the walk only probes that set (26 ms).
        The other branch is never true, and costs nothing: the case's id is in every index the
        list walks, so it is tested without reading the case."""
        return self.filter(Q(pk__in=clocks.values("case_id")) | Q(pk__isnull=True))

    def own(self, user) -> "CaseQuerySet":
        """The cases assigned to this user, if they may see cases at all: every one of them is
        visible to them, so this asks no more than the index of cases by officer holds."""
        if not is_active_staff(user) or not user.has_perm("cases.view_case"):
            return self.none()
        return self.assigned_to(user)

    def workable_by(self, user) -> "CaseQuerySet":
        """The open cases this user may work on (``permissions.can_work_on``): their own, or every
        one they see for team leads and administrators."""
        cases = self.visible_to(user).open()
        if user.has_perm("cases.change_case") and user.has_perm("cases.change_any_case"):
            return cases
        return cases.assigned_to(user)

    def with_next_deadline(self) -> "CaseQuerySet":
        """Each case with ``next_due_at``: the earliest due moment of its running clocks, or None.
        One subquery for the whole list, never a query per row."""
        from cases.models.running_clocks import Clock, ClockState  # clocks are defined after cases

        running = Clock.objects.filter(case=OuterRef("pk"), state=ClockState.RUNNING).order_by("due_at")
        return self.annotate(next_due_at=Subquery(running.values("due_at")[:1]))


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
            models.UniqueConstraint(
                fields=["kind", "year", "number"],
                name="case_reference_number_unique",
                violation_error_message=_("This reference number is already taken."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CaseKind.values),
                name="case_kind_valid",
                violation_error_message=_("Choose a kind of case from the list."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values),
                name="case_status_valid",
                violation_error_message=_("This is not a status a case can have."),
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values),
                name="case_channel_valid",
                violation_error_message=_("Choose how the case came in from the list."),
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values),
                name="case_language_valid",
                violation_error_message=_("Choose a language from the list."),
            ),
            models.CheckConstraint(
                condition=Q(confidentiality__in=Confidentiality.values),
                name="case_confidentiality_valid",
                violation_error_message=_("Choose normal or restricted."),
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values),
                name="case_outcome_valid",
                violation_error_message=_("Choose an outcome from the list."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="case_number_positive",
                violation_error_message=_("A reference number starts at 1."),
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="case_title_not_empty",
                violation_error_message=_("A case needs a summary."),
            ),
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.CLOSED)
                | (~Q(outcome="") & ~Q(closing_reason="") & Q(closed_at__isnull=False)),
                name="case_closed_has_outcome_reason_and_time",
                violation_error_message=_(
                    "A closed case needs its outcome, the reason for closing and when it closed."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.CLOSED) | Q(closed_at__isnull=True),
                name="case_open_has_no_closed_at",
                violation_error_message=_("An open case has no closing time."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(KINDS_NEEDING_COMPLAINANT)) | Q(complainant__isnull=False),
                name="case_complaint_has_complainant",
                violation_error_message=_("A complaint needs its complainant."),
            ),
            models.CheckConstraint(
                condition=Q(consent_to_disclose_identity=False) | Q(complainant__isnull=False),
                name="case_consent_needs_complainant",
                violation_error_message=_("Consent to disclose an identity needs a complainant."),
            ),
            models.CheckConstraint(
                condition=Q(kind=CaseKind.BREACH_NOTIFICATION)
                | (Q(breach_aware_at__isnull=True) & Q(breach_notified_at__isnull=True)),
                name="case_breach_times_only_on_breach_notifications",
                violation_error_message=_("Only a data breach notification records when a breach was noticed."),
            ),
            models.CheckConstraint(
                condition=Q(breach_aware_at__isnull=True)
                | Q(breach_notified_at__isnull=True)
                | Q(breach_notified_at__gte=F("breach_aware_at")),
                name="case_breach_notified_after_aware",
                violation_error_message=_("The notification cannot come before the organisation knew."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "assigned_officer"]),
            # The lists' order: a page of the newest cases reads its rows from the index, and what
            # an officer may see is decided there too, without reading the table.
            models.Index(
                fields=["-received_on", "-id"],
                include=["confidentiality", "assigned_officer"],
                name="case_newest_first",
            ),
            # Open cases by officer: the homes' counts and "my open cases", from the index alone.
            models.Index(
                fields=["assigned_officer", "status"],
                include=["id"],
                condition=~Q(status="closed"),
                name="case_open_by_officer",
            ),
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

    def refusal_to_change(self) -> str | None:
        """Why nothing may be added to this case now, or None: what the services enforce and the
        screens ask before offering a note or a link."""
        return gettext("This case is closed; reopen it first.") if self.is_closed else None

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
            models.UniqueConstraint(
                fields=["kind", "year"],
                name="reference_sequence_unique",
                violation_error_message=_("There is already a numbering for this kind and year."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CaseKind.values),
                name="reference_sequence_kind_valid",
                violation_error_message=_("Choose a kind of case from the list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class CaseRowQuerySet(models.QuerySet):
    """Rows that belong to one case (events, documents, clocks): seen with their case or not at all."""

    def visible_to(self, user) -> "CaseRowQuerySet":
        return self.filter(case__in=Case.objects.visible_to(user))
