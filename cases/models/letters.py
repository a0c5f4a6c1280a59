"""Letters: the templates administrators edit, and every letter sent, kept as it went out."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.base import VisibleHistoricalQuerySet, is_active_staff
from cases.models.cases import Case, Language
from cases.models.enquiries import Enquiry
from cases.models.workflow import LetterKind

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")

# What each kind of letter may say, filled in when it is written: dates come in words, in the
# letter's language.
PLACEHOLDERS = {
    "reference": _("the authority's reference"),
    "date": _("the date of the letter"),
    "organisation": _("the organisation's name"),
    "subject": _("the subject"),
    "officer": _("the officer's name"),
    "received_on": _("the date the complaint was received"),
    "questions": _("the questions, numbered"),
    "reply_by": _("the date a reply is due"),
    "complainant": _("the complainant's name"),
    "summary": _("what the complaint is about"),
    "reasons": _("the reasons for the decision"),
    "section_39_4": _("the text of s.39(4) of the Ordinance"),
}
ALLOWED_PLACEHOLDERS = {
    LetterKind.ENQUIRY: {"reference", "date", "organisation", "subject", "officer", "questions", "reply_by"},
    LetterKind.ACKNOWLEDGEMENT: {"reference", "date", "officer", "received_on", "complainant", "summary"},
    LetterKind.PROGRESS_UPDATE: {"reference", "date", "officer", "received_on", "complainant", "summary"},
    LetterKind.NOT_PURSUED: {
        "reference",
        "date",
        "officer",
        "received_on",
        "complainant",
        "summary",
        "reasons",
        "section_39_4",
    },
}
REQUIRED_PLACEHOLDERS = {
    LetterKind.ENQUIRY: {"questions", "reply_by"},
    LetterKind.NOT_PURSUED: {"reasons", "section_39_4"},
}


def placeholder(name: str) -> str:
    """A placeholder as templates write it: ``{{ name }}``."""
    return "{{ " + name + " }}"


def canonical_placeholders(text: str) -> str:
    """Placeholders written one way, ``{{ name }}``, however they were typed."""
    return PLACEHOLDER.sub(lambda match: placeholder(match[1]), text)


class LetterTemplate(models.Model):
    """The wording of one kind of letter, in English and in Traditional Chinese."""

    kind = models.CharField(_("kind of letter"), max_length=20, choices=LetterKind.choices, unique=True)
    subject_en = models.CharField(_("subject in English"), max_length=200)
    body_en = models.TextField(_("letter in English"))
    subject_zh = models.CharField(_("subject in Chinese"), max_length=200)
    body_zh = models.TextField(_("letter in Chinese"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["kind"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LetterKind.values),
                name="letter_template_kind_valid",
                violation_error_message=_("Choose a kind of letter from the list."),
            ),
            models.CheckConstraint(
                condition=~Q(subject_en="") & ~Q(body_en="") & ~Q(subject_zh="") & ~Q(body_zh=""),
                name="letter_template_in_both_languages",
                violation_error_message=_("A letter template needs its subject and text in both languages."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=LetterKind.NOT_PURSUED)
                | Q(body_en__contains="{{ reasons }}", body_zh__contains="{{ reasons }}")
                & Q(body_en__contains="{{ section_39_4 }}", body_zh__contains="{{ section_39_4 }}"),
                name="letter_template_not_pursued_carries_reasons_and_s39_4",
                violation_error_message=_(
                    "A notice of a decision not to pursue must carry {{ reasons }} and {{ section_39_4 }} in both "
                    "languages."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind=LetterKind.ENQUIRY)
                | Q(body_en__contains="{{ questions }}", body_zh__contains="{{ questions }}")
                & Q(body_en__contains="{{ reply_by }}", body_zh__contains="{{ reply_by }}"),
                name="letter_template_enquiry_carries_questions_and_reply_by",
                violation_error_message=_(
                    "An enquiry letter must carry {{ questions }} and {{ reply_by }} in both languages."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        """Placeholders written one way, and only those this kind of letter can fill in. Those it must
        carry are a database constraint."""
        if self.kind not in ALLOWED_PLACEHOLDERS:
            return  # the kind's own constraint says so
        allowed = ALLOWED_PLACEHOLDERS[self.kind]
        errors = {}
        for field in ("subject_en", "body_en", "subject_zh", "body_zh"):
            text = canonical_placeholders(getattr(self, field))
            setattr(self, field, text)
            unknown = sorted(set(PLACEHOLDER.findall(text)) - allowed)
            if unknown:
                errors[field] = _("This letter cannot fill in %(names)s; it can use %(allowed)s.") % {
                    "names": ", ".join(placeholder(name) for name in unknown),
                    "allowed": ", ".join(placeholder(name) for name in sorted(allowed)),
                }
        if errors:
            raise ValidationError(errors)

    def subject(self, language: str) -> str:
        return self.subject_zh if language == Language.CHINESE else self.subject_en

    def body(self, language: str) -> str:
        return self.body_zh if language == Language.CHINESE else self.body_en


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class LetterQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LetterQuerySet":
        """Letters on a case this user may see, or about an enquiry they may see."""
        if not is_active_staff(user):
            return self.none()
        return self.filter(Q(case__in=Case.objects.visible_to(user)) | Q(enquiry__in=Enquiry.objects.visible_to(user)))


class Letter(models.Model):
    """A letter as it was sent: the words, the recipients and the e-mail's Message-ID.

    Written once by ``send_enquiry`` or ``send_letter``; the delivery fields record the e-mail's
    fate. An enquiry's letter belongs to the enquiry, any other to its case."""

    kind = models.CharField(_("kind of letter"), max_length=20, choices=LetterKind.choices)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="letters", null=True, blank=True, verbose_name=_("case")
    )
    enquiry = models.ForeignKey(
        Enquiry, on_delete=models.PROTECT, related_name="letters", null=True, blank=True, verbose_name=_("enquiry")
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    recipients = models.TextField(_("to"))
    reply_to = models.EmailField(_("reply to"))
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    message_id = models.CharField(_("Message-ID"), max_length=250, unique=True)
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("sent by"),
    )
    state = models.CharField(_("delivery"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # When its delivery was last handed to the workers: a pending letter not queued recently is
    # queued again by the sweep, so a lost task or a broker down at sending loses no letter.
    queued_at = models.DateTimeField(_("last queued"), null=True, blank=True)
    history = HistoricalRecords(historical_queryset=VisibleHistoricalQuerySet)

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LetterKind.values),
                name="letter_kind_valid",
                violation_error_message=_("Choose a kind of letter from the list."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=DeliveryState.values),
                name="letter_state_valid",
                violation_error_message=_("This is not a delivery state."),
            ),
            models.CheckConstraint(
                condition=Q(kind=LetterKind.ENQUIRY, enquiry__isnull=False, case__isnull=True)
                | ~Q(kind=LetterKind.ENQUIRY) & Q(enquiry__isnull=True, case__isnull=False),
                name="letter_belongs_to_its_enquiry_or_case",
                violation_error_message=_("An enquiry letter belongs to its enquiry; any other letter to its case."),
            ),
            models.CheckConstraint(
                condition=Q(state=DeliveryState.SENT, delivered_at__isnull=False)
                | ~Q(state=DeliveryState.SENT) & Q(delivered_at__isnull=True),
                name="letter_delivered_has_time",
                violation_error_message=_("A delivered letter records when, and only a delivered letter does."),
            ),
            models.CheckConstraint(
                condition=~Q(recipients="") & ~Q(subject="") & ~Q(body_text=""),
                name="letter_has_recipients_subject_and_text",
                violation_error_message=_("A letter needs its recipients, subject and text."),
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def owner(self):
        """The enquiry an enquiry letter belongs to, or the case of a letter to a complainant."""
        return self.enquiry if self.enquiry_id else self.case
