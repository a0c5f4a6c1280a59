"""Enquiries: letters to an organisation about one or more of its cases, with a reply-by clock."""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.base import VisibleHistoricalQuerySet, is_active_staff
from cases.models.cases import Case, Language
from cases.models.clocks import ClockRule
from cases.models.organisations import Organisation


def addresses(text: str) -> list[str]:
    """The e-mail addresses in a list typed one per line (commas and semicolons also separate)."""
    return [address for address in re.split(r"[\s,;]+", text.strip()) if address]


def validate_addresses(text: str) -> None:
    wrong = []
    for address in addresses(text):
        try:
            validate_email(address)
        except ValidationError:
            wrong.append(address)
    if wrong:
        raise ValidationError(
            _("These are not e-mail addresses: %(addresses)s") % {"addresses": ", ".join(wrong)}, code="not_addresses"
        )


# An enquiry's reply-by clock is its latest: a newer round replaces none, but is the one that counts.
LATEST_CLOCK_FIRST = ["-started_at", "-pk"]


class EnquiryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Awaiting reply")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EnquiryQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EnquiryQuerySet":
        """Enquiries every case of which this user may see: a letter never reveals a hidden case."""
        if not is_active_staff(user):
            return self.none()
        if user.has_perm("cases.view_restricted_cases"):
            return self
        hidden = Enquiry.cases.through.objects.filter(enquiry=OuterRef("pk")).exclude(
            case__in=Case.objects.visible_to(user)
        )
        return self.filter(~Exists(hidden))

    def awaiting_reply(self) -> "EnquiryQuerySet":
        return self.filter(status=EnquiryStatus.SENT)

    def overdue(self, now) -> "EnquiryQuerySet":
        """Sent, not answered, and the reply-by clock past its due moment: derived, never stored."""
        from cases.models.running_clocks import Clock

        return self.awaiting_reply().filter(Exists(Clock.objects.breached(now).filter(enquiry=OuterRef("pk"))))

    def with_reply_clock(self) -> "EnquiryQuerySet":
        """Each enquiry with ``reply_due_at`` and ``reply_clock_state``: its latest clock's, in one
        subquery for a whole list."""
        from cases.models.running_clocks import Clock

        latest = Clock.objects.filter(enquiry=OuterRef("pk")).order_by(*LATEST_CLOCK_FIRST)
        return self.annotate(
            reply_due_at=Subquery(latest.values("due_at")[:1]),
            reply_clock_state=Subquery(latest.values("state")[:1]),
        )

    def due_within(self, now, days: int) -> "EnquiryQuerySet":
        from cases.models.running_clocks import Clock

        return self.awaiting_reply().filter(Exists(Clock.objects.due_within(now, days).filter(enquiry=OuterRef("pk"))))


class Enquiry(models.Model):
    """A letter to an organisation about one or more of its cases, and the reply it is owed.

    One consolidated letter can cover several complaints about the same organisation. Its reply-by
    date is a clock owned by the enquiry (``clocks``), started when it is sent; "overdue" is
    derived from that clock (``EnquiryQuerySet.overdue``).
    """

    Status = EnquiryStatus
    TRANSITIONS = {
        EnquiryStatus.DRAFT: {EnquiryStatus.SENT, EnquiryStatus.WITHDRAWN},
        EnquiryStatus.SENT: {EnquiryStatus.ANSWERED, EnquiryStatus.WITHDRAWN},
    }

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="enquiries", verbose_name=_("organisation")
    )
    cases = models.ManyToManyField(Case, related_name="enquiries", verbose_name=_("cases"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enquiries",
        verbose_name=_("officer"),
        help_text=_("Alerted before the reply is due and when it is late."),
    )
    recipients = models.TextField(
        _("recipients"), blank=True, validators=[validate_addresses], help_text=_("E-mail addresses, one per line.")
    )
    language = models.CharField(_("language of the letter"), max_length=8, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=200)
    questions = models.TextField(_("questions"), help_text=_("One question per paragraph; they are numbered."))
    rule = models.ForeignKey(
        ClockRule,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reply-by rule"),
        limit_choices_to={"trigger": "enquiry_sent"},
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.DRAFT, editable=False
    )
    drafted_at = models.DateTimeField(_("drafted"), editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    replied_on = models.DateField(_("reply received on"), null=True, blank=True, editable=False)
    reply_summary = models.TextField(_("what the reply says"), blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("why it was withdrawn"), blank=True, editable=False)
    history = HistoricalRecords(historical_queryset=VisibleHistoricalQuerySet)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-drafted_at", "-pk"]
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EnquiryStatus.values),
                name="enquiry_status_valid",
                violation_error_message=_("This is not a status an enquiry can have."),
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values),
                name="enquiry_language_valid",
                violation_error_message=_("Choose a language from the list."),
            ),
            models.CheckConstraint(
                condition=~Q(subject=""),
                name="enquiry_has_subject",
                violation_error_message=_("An enquiry needs a subject."),
            ),
            models.CheckConstraint(
                condition=~Q(questions=""),
                name="enquiry_has_questions",
                violation_error_message=_("An enquiry needs its questions."),
            ),
            models.CheckConstraint(
                condition=~Q(status=EnquiryStatus.DRAFT) | Q(sent_at__isnull=True),
                name="enquiry_draft_not_sent",
                violation_error_message=_("A draft has not been sent."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[EnquiryStatus.SENT, EnquiryStatus.ANSWERED])
                | Q(sent_at__isnull=False) & ~Q(recipients=""),
                name="enquiry_sent_has_time_and_recipients",
                violation_error_message=_("A sent enquiry records when it was sent and to whom."),
            ),
            models.CheckConstraint(
                condition=~Q(status=EnquiryStatus.ANSWERED) | (Q(replied_on__isnull=False) & ~Q(reply_summary="")),
                name="enquiry_answered_has_reply",
                violation_error_message=_("An answered enquiry records when the reply came and what it says."),
            ),
            models.CheckConstraint(
                condition=Q(status=EnquiryStatus.WITHDRAWN, withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")
                | ~Q(status=EnquiryStatus.WITHDRAWN) & Q(withdrawn_at__isnull=True),
                name="enquiry_withdrawn_has_time_and_reason",
                violation_error_message=_("A withdrawn enquiry records when and why; no other has a withdrawal time."),
            ),
        ]
        indexes = [models.Index(fields=["status", "organisation"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    @property
    def reference(self) -> str:
        return f"ENQ-{self.drafted_at:%Y}-{self.pk:05d}" if self.pk else str(_("New enquiry"))

    @property
    def recipient_list(self) -> list[str]:
        return addresses(self.recipients)

    def can_transition_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    @property
    def is_open(self) -> bool:
        return self.status in (EnquiryStatus.DRAFT, EnquiryStatus.SENT)

    @property
    def reply_clock(self):
        """The latest reply-by clock, or None before it is sent."""
        return self.clocks.order_by(*LATEST_CLOCK_FIRST).first()

    def reply_by_if_sent(self, now) -> date:
        """The reply-by date the letter would carry if sent now: its rule counted from now."""
        from cases.models.calendar import load_calendar
        from cases.models.running_clocks import Clock

        clock = Clock(enquiry=self, rule=self.rule, started_at=now)
        return timezone.localtime(clock.compute_deadline(load_calendar(self.rule.calendar)).due_at).date()
