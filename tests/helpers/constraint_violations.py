"""For each database constraint of the cases app, a valid row and the change that breaks that
constraint and no other: tests/cases/test_constraints.py writes them past the models, and
tests/cases/test_constraint_forms.py posts them through forms."""

from datetime import date, timedelta

from django.apps import apps

from cases.models import (
    AccessContext,
    CalendarChange,
    CalendarChangeState,
    CalendarDay,
    CalendarDayKind,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Clock,
    ClockExtension,
    ClockPause,
    ClockRule,
    ClockState,
    DataProtectionPrinciple,
    Digest,
    Enquiry,
    IdentityAccess,
    Letter,
    LetterTemplate,
    Organisation,
    Outcome,
    Partner,
    PartnerClient,
    ReferenceSequence,
    Referral,
    Reminder,
    ReminderKind,
    ReminderPolicy,
    WorkloadCount,
)
from cases.services import ReferralRequest, create_partner, receive_referral, record_call
from tests.helpers.factories import (
    CaseFactory,
    ComplainantFactory,
    DocumentFactory,
    EnquiryFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.helpers.moments import NOW
from tests.helpers.reminders import mark_sent, reminder

CLOSED = {
    "status": CaseStatus.CLOSED,
    "outcome": Outcome.NO_CONTRAVENTION,
    "closing_reason": "Done.",
    "closed_at": NOW,
}


def constraints_of_the_app() -> dict[str, object]:
    return {
        constraint.name: constraint
        for model in apps.get_app_config("cases").get_models()
        for constraint in model._meta.constraints
    }


# --- valid rows, each a change away from breaking one constraint --------------------------------------


def _complaint() -> Case:
    return CaseFactory(kind=CaseKind.COMPLAINT)


def _doxxing() -> Case:
    return CaseFactory(kind=CaseKind.DOXXING)


def _breach() -> Case:
    return CaseFactory(kind=CaseKind.BREACH_NOTIFICATION)


def _breach_with_times() -> Case:
    return CaseFactory(
        kind=CaseKind.BREACH_NOTIFICATION, breach_aware_at=NOW - timedelta(days=1), breach_notified_at=NOW
    )


def _second_complaint() -> Case:
    CaseFactory(kind=CaseKind.COMPLAINT)
    return CaseFactory(kind=CaseKind.COMPLAINT)  # number 2, one away from the first's number


def _second_sequence() -> ReferenceSequence:
    ReferenceSequence.objects.create(kind=CaseKind.COMPLAINT, year=2026)
    return ReferenceSequence.objects.create(kind=CaseKind.BREACH_NOTIFICATION, year=2026)


def _principle() -> DataProtectionPrinciple:
    return DataProtectionPrinciple.objects.get(number=6)


def _organisation_in_macao() -> Organisation:
    OrganisationFactory(name="Octopus Cards Limited", jurisdiction="HK")
    return OrganisationFactory(name="Octopus Cards Limited", jurisdiction="MO")  # the same name elsewhere is fine


def _calendar_day(kind: str = CalendarDayKind.BLACK_RAINSTORM) -> CalendarDay:
    return CalendarDay.objects.create(
        jurisdiction="SG", date=date(2026, 3, 4), kind=kind, name="Heavy rain", source="Weather service"
    )


def _calendar_change() -> CalendarChange:
    because = {"kind": "day_added", "date": "2026-03-04", "reasons": [{"kind": "black_rainstorm"}]}
    return CalendarChange.objects.create(days=["2026-03-04"], because=because, requested_at=NOW)


def _second_calendar_day() -> CalendarDay:
    _calendar_day()
    return _calendar_day(CalendarDayKind.GALE_WARNING)


def _rule() -> ClockRule:
    return ClockRule.objects.get(code="hk-pdpo-s39-3")


def _plain_rule() -> ClockRule:
    """A rule that neither ends with the decision whether to pursue nor restarts on reopening."""
    return ClockRule.objects.get(code="hk-pdpo-s19-1")


def _update_rule() -> ClockRule:
    return ClockRule.objects.get(code="hk-complainant-update")


def _clock(**fields) -> Clock:
    defaults = {"started_at": NOW, "due_at": NOW + timedelta(days=45)}
    return Clock.objects.create(**{"case": CaseFactory(), "rule": _rule(), **defaults, **fields})


def _met_clock_beside_a_running_one() -> Clock:
    running = _clock()
    return _clock(case=running.case, state=ClockState.MET, met_at=NOW + timedelta(days=1))


def _pause(**fields) -> ClockPause:
    defaults = {"paused_at": NOW, "reason": "Waiting for documents.", "paused_by": UserFactory()}
    return ClockPause.objects.create(**{"clock": _clock(), **defaults, **fields})


def _resumed_pause_after_an_open_one() -> ClockPause:
    open_pause = _pause()
    return _pause(clock=open_pause.clock, resumed_at=NOW + timedelta(hours=1))


def _extension() -> ClockExtension:
    return ClockExtension.objects.create(
        clock=_clock(), days=14, reason="Complex case.", granted_at=NOW, granted_by=UserFactory()
    )


def _identity_access() -> IdentityAccess:
    return IdentityAccess.objects.create(
        complainant=ComplainantFactory(), user=UserFactory(), accessed_at=NOW, context=AccessContext.CASE_PAGE
    )


def _note() -> CaseEvent:
    return CaseEvent.objects.create(case=CaseFactory(), kind=CaseEvent.Kind.NOTE, text="Called back.", at=NOW)


def _enquiry() -> Enquiry:
    return EnquiryFactory()


def _sent_enquiry() -> Enquiry:
    return mark_sent(_enquiry(), sent_at=NOW, due_at=NOW + timedelta(days=14))


def _met_enquiry_clock_beside_a_running_one() -> Clock:
    running = _sent_enquiry().reply_clock
    return Clock.objects.create(
        enquiry=running.enquiry,
        rule=running.rule,
        started_at=NOW,
        due_at=running.due_at,
        state=ClockState.MET,
        met_at=NOW + timedelta(days=1),
    )


def _template(kind: str = "not_pursued") -> LetterTemplate:
    return LetterTemplate.objects.get(kind=kind)


def _enquiry_template() -> LetterTemplate:
    return _template("enquiry")


def _letter(**fields) -> Letter:
    defaults = {
        "kind": "acknowledgement",
        "case": CaseFactory(),
        "language": "en",
        "recipients": "someone@example.com",
        "reply_to": "enquiries@dpa.example",
        "subject": "We have received your complaint",
        "body_text": "Thank you.",
        "body_html": "<p>Thank you.</p>",
        "message_id": f"<{UserFactory().pk}@dpa.example>",
        "sent_at": NOW,
    }
    return Letter.objects.create(**{**defaults, **fields})


def _enquiry_letter() -> Letter:
    return _letter(kind="enquiry", case=None, enquiry=_sent_enquiry())


def _reminder(*, clock=None, kind=ReminderKind.OFFICER_BEFORE_DUE, offset_days=7) -> Reminder:
    return reminder(clock or _clock(), kind, offset_days=offset_days)


def _second_reminder() -> Reminder:
    first = _reminder()
    return _reminder(clock=first.clock, offset_days=1)


def _overdue_alert() -> Reminder:
    return _reminder(kind=ReminderKind.OFFICER_OVERDUE, offset_days=0)


def _overdue_alert_beside_an_escalation() -> Reminder:
    """An escalation, and an overdue alert of the same clock and due moment, a kind away from a
    second escalation at another offset."""
    escalation = _reminder(kind=ReminderKind.LEAD_ESCALATION, offset_days=-3)
    return _reminder(clock=escalation.clock, kind=ReminderKind.OFFICER_OVERDUE, offset_days=-5)


def _policy() -> ReminderPolicy:
    return ReminderPolicy.current()


def _second_digest() -> Digest:
    first = Digest.objects.create(officer=UserFactory(), day=date(2026, 3, 2), sent_at=NOW)
    return Digest.objects.create(officer=first.officer, day=date(2026, 3, 3), sent_at=NOW)


def _partner(name: str = "Office of the Privacy Commissioner of Macao") -> Partner:
    partner, _id, _secret = create_partner(
        name=name, kind="authority", country="MO", scopes=["referrals:write"], by=None, now=NOW
    )
    return partner


def _second_partner() -> Partner:
    _partner()
    return _partner("Singapore Personal Data Protection Commission")


def _partner_client() -> PartnerClient:
    return _partner().clients.get()


def _officers_workload():
    """An officer's row of a count that has the cases nobody has too."""
    count = WorkloadCount.objects.create(counted_at=NOW)
    count.rows.create(officer=None, open=2, due_soon=0, breached=1)
    return count.rows.create(officer=UserFactory(), open=3, due_soon=1, breached=1)


def _api_call():
    return record_call(_partner_client(), method="GET", path="/api/v1/statistics/", status_code=200, now=NOW)


def _referral(partner: Partner | None = None, *, key: str = "key-1", reference: str = "MO-2026-1") -> Referral:
    request = ReferralRequest(
        partner_reference=reference, organisation_name="Linkwave Limited", organisation_country="HK", summary="Fake"
    )
    referral, _replayed = receive_referral(
        partner=partner or _partner(),
        idempotency_key=key,
        request_hash="0" * 64,
        request=request,
        answer=lambda referral: {},
        now=NOW,
    )
    return referral


def _second_referral() -> Referral:
    first = _referral()
    return _referral(first.partner, key="key-2", reference="MO-2026-2")


# (constraint, a valid row, the changes that break that constraint and no other)
VIOLATIONS = [
    ("case_reference_number_unique", _second_complaint, {"number": 1}),
    ("case_kind_valid", _complaint, {"kind": "enquiry"}),
    ("case_status_valid", _complaint, {"status": "archived"}),
    ("case_channel_valid", _complaint, {"channel": "fax"}),
    ("case_language_valid", _complaint, {"language": "fr"}),
    ("case_confidentiality_valid", _complaint, {"confidentiality": "secret"}),
    ("case_outcome_valid", _complaint, {"outcome": "resolved"}),
    ("case_number_positive", _complaint, {"number": 0}),
    ("case_title_not_empty", _complaint, {"title": ""}),
    ("case_closed_has_outcome_reason_and_time", _complaint, {**CLOSED, "closing_reason": ""}),
    ("case_closed_has_outcome_reason_and_time", _complaint, {**CLOSED, "outcome": ""}),
    ("case_closed_has_outcome_reason_and_time", _complaint, {**CLOSED, "closed_at": None}),
    ("case_open_has_no_closed_at", _complaint, {"status": CaseStatus.SCREENING, "closed_at": NOW}),
    ("case_complaint_has_complainant", _complaint, {"complainant": None}),
    ("case_complaint_has_complainant", _doxxing, {"complainant": None}),
    ("case_consent_needs_complainant", _breach, {"consent_to_disclose_identity": True}),
    ("case_breach_times_only_on_breach_notifications", _complaint, {"breach_aware_at": NOW}),
    ("case_breach_times_only_on_breach_notifications", _complaint, {"breach_notified_at": NOW}),
    ("case_breach_notified_after_aware", _breach_with_times, {"breach_notified_at": NOW - timedelta(days=2)}),
    ("reference_sequence_unique", _second_sequence, {"kind": CaseKind.COMPLAINT}),
    ("reference_sequence_kind_valid", _second_sequence, {"kind": "enquiry"}),
    ("dpp_number_1_to_6", _principle, {"number": 7}),
    ("dpp_number_1_to_6", _principle, {"number": 0}),
    ("organisation_name_unique_per_jurisdiction", _organisation_in_macao, {"jurisdiction": "HK"}),
    ("organisation_jurisdiction_valid", OrganisationFactory, {"jurisdiction": "ZZ"}),
    ("organisation_name_not_empty", OrganisationFactory, {"name": ""}),
    ("organisation_confirmed_has_sector", OrganisationFactory, {"sector": None}),
    ("complainant_name_not_empty", ComplainantFactory, {"name": ""}),
    ("calendar_day_unique", _second_calendar_day, {"kind": CalendarDayKind.BLACK_RAINSTORM}),
    ("calendar_day_kind_valid", _calendar_day, {"kind": "typhoon"}),
    ("calendar_day_jurisdiction_valid", _calendar_day, {"jurisdiction": "ZZ"}),
    ("calendar_day_name_not_empty", _calendar_day, {"name": ""}),
    ("calendar_change_state_valid", _calendar_change, {"state": "paused", "started_at": NOW, "finished_at": NOW}),
    ("calendar_change_jurisdiction_valid", _calendar_change, {"jurisdiction": "ZZ"}),
    ("calendar_change_started_has_start", _calendar_change, {"state": CalendarChangeState.RUNNING}),
    ("calendar_change_finished_has_end", _calendar_change, {"state": CalendarChangeState.DONE, "started_at": NOW}),
    ("calendar_change_finished_has_end", _calendar_change, {"finished_at": NOW}),
    ("calendar_change_error_only_when_failed", _calendar_change, {"error": "Timed out."}),
    ("calendar_change_moved_among_looked_at", _calendar_change, {"looked_at": 1, "moved": 2}),
    ("clock_rule_length_positive", _rule, {"length": 0}),
    ("clock_rule_length_plausible", _rule, {"length": 3651}),
    ("clock_rule_extension_plausible", _rule, {"max_extension_days": 3651}),
    ("clock_rule_unit_valid", _rule, {"unit": "weeks"}),
    ("clock_rule_calendar_valid", _rule, {"calendar": "mars"}),
    ("clock_rule_trigger_valid", _plain_rule, {"trigger": "full_moon"}),
    ("clock_rule_pursuit_decision_counted_from_the_complaint", _rule, {"trigger": "enquiry_sent"}),
    ("clock_rule_pursuit_decision_does_not_roll", _rule, {"rolling": True}),
    ("clock_rule_restart_counted_from_the_complaint", _update_rule, {"trigger": "request_received"}),
    ("clock_state_valid", _clock, {"state": "lost"}),
    (
        "clock_one_open_per_case_and_rule",
        _met_clock_beside_a_running_one,
        {"state": ClockState.RUNNING, "met_at": None},
    ),
    ("clock_paused_has_pause_and_no_due", _clock, {"state": ClockState.PAUSED}),
    ("clock_running_has_due", _clock, {"due_at": None}),
    ("clock_met_has_met_at", _clock, {"state": ClockState.MET}),
    ("clock_met_has_met_at", _clock, {"met_at": NOW}),
    ("clock_pause_has_reason", _pause, {"reason": ""}),
    ("clock_pause_resumes_after_pausing", _pause, {"resumed_at": NOW - timedelta(hours=1)}),
    ("clock_pause_one_open_per_clock", _resumed_pause_after_an_open_one, {"resumed_at": None}),
    ("clock_extension_at_least_a_day", _extension, {"days": 0}),
    ("clock_extension_has_reason", _extension, {"reason": ""}),
    ("identity_access_context_valid", _identity_access, {"context": "export"}),
    ("case_event_kind_valid", _note, {"kind": "deleted"}),
    ("case_event_status_change_has_statuses", _note, {"kind": CaseEvent.Kind.STATUS_CHANGED, "from_status": "intake"}),
    ("case_event_status_change_has_statuses", _note, {"kind": CaseEvent.Kind.CLOSED, "to_status": "closed"}),
    ("case_event_status_change_has_statuses", _note, {"kind": CaseEvent.Kind.REOPENED}),
    ("case_event_note_has_text", _note, {"text": ""}),
    ("case_event_link_names_the_case", _note, {"kind": CaseEvent.Kind.LINKED}),
    ("document_not_empty", DocumentFactory, {"size": 0}),
    ("document_sha256_hex", DocumentFactory, {"sha256": "A" * 64}),
    ("document_sha256_hex", DocumentFactory, {"sha256": "a" * 63}),
    ("document_sha256_hex", DocumentFactory, {"sha256": ""}),
    ("clock_rule_met_by_letter_valid", _rule, {"met_by_letter": "postcard"}),
    ("clock_has_one_owner", _clock, {"case": None}),
    (
        "clock_one_open_per_enquiry",
        _met_enquiry_clock_beside_a_running_one,
        {"state": ClockState.RUNNING, "met_at": None},
    ),
    ("enquiry_status_valid", _enquiry, {"status": "lost"}),
    ("enquiry_language_valid", _enquiry, {"language": "fr"}),
    ("enquiry_has_subject", _enquiry, {"subject": ""}),
    ("enquiry_has_questions", _enquiry, {"questions": ""}),
    ("enquiry_draft_not_sent", _enquiry, {"sent_at": NOW}),
    ("enquiry_sent_has_time_and_recipients", _sent_enquiry, {"sent_at": None}),
    ("enquiry_sent_has_time_and_recipients", _sent_enquiry, {"recipients": ""}),
    ("enquiry_answered_has_reply", _sent_enquiry, {"status": Enquiry.Status.ANSWERED, "reply_summary": "Done."}),
    ("enquiry_answered_has_reply", _sent_enquiry, {"status": Enquiry.Status.ANSWERED, "replied_on": NOW.date()}),
    (
        "enquiry_withdrawn_has_time_and_reason",
        EnquiryFactory,
        {"status": Enquiry.Status.WITHDRAWN, "withdrawn_at": NOW},
    ),
    (
        "enquiry_withdrawn_has_time_and_reason",
        EnquiryFactory,
        {"withdrawn_at": NOW, "withdrawal_reason": "Not needed."},
    ),
    ("letter_template_kind_valid", _template, {"kind": "postcard"}),
    ("letter_template_in_both_languages", _template, {"subject_zh": ""}),
    ("letter_template_not_pursued_carries_reasons_and_s39_4", _template, {"body_zh": "{{ reasons }}"}),
    ("letter_template_enquiry_carries_questions_and_reply_by", _enquiry_template, {"body_en": "{{ questions }}"}),
    ("letter_kind_valid", _letter, {"kind": "postcard"}),
    ("letter_state_valid", _letter, {"state": "lost"}),
    ("letter_belongs_to_its_enquiry_or_case", _letter, {"kind": "enquiry"}),
    ("letter_belongs_to_its_enquiry_or_case", _enquiry_letter, {"kind": "acknowledgement"}),
    ("letter_delivered_has_time", _letter, {"state": "sent"}),
    ("letter_delivered_has_time", _letter, {"delivered_at": NOW}),
    ("letter_has_recipients_subject_and_text", _letter, {"recipients": ""}),
    ("reminder_once_per_clock_kind_and_moment", _second_reminder, {"offset_days": 7}),
    (
        "reminder_one_alert_and_escalation_per_deadline",
        _overdue_alert_beside_an_escalation,
        {"kind": ReminderKind.LEAD_ESCALATION},
    ),
    ("reminder_kind_valid", _reminder, {"kind": "carrier_pigeon"}),
    ("reminder_state_valid", _reminder, {"state": "lost"}),
    ("reminder_before_due_is_before", _reminder, {"offset_days": 0}),
    ("reminder_after_due_is_after", _overdue_alert, {"offset_days": 1}),
    ("reminder_after_due_is_after", _reminder, {"kind": ReminderKind.LEAD_ESCALATION}),
    ("reminder_sent_has_time", _reminder, {"state": "sent"}),
    ("reminder_sent_has_time", _reminder, {"sent_at": NOW}),
    ("reminder_policy_single_row", _policy, {"id": 2}),
    ("reminder_policy_escalation_after_a_day", _policy, {"escalate_after_days": 0}),
    ("digest_once_per_officer_and_day", _second_digest, {"day": date(2026, 3, 2)}),
    ("partner_name_unique", _second_partner, {"name": "OFFICE OF THE PRIVACY COMMISSIONER OF MACAO"}),
    ("partner_name_not_empty", _partner, {"name": ""}),
    ("partner_kind_valid", _partner, {"kind": "vendor"}),
    ("partner_country_iso_alpha2", _partner, {"country": "mo"}),
    ("partner_country_iso_alpha2", _partner, {"country": "M"}),
    ("partner_client_scopes_known", _partner_client, {"scopes": "referrals:write cases:delete"}),
    ("partner_client_scopes_known", _partner_client, {"scopes": ""}),
    ("partner_client_scopes_known", _partner_client, {"scopes": "referrals:write  referrals:read"}),
    ("partner_client_revoked_after_created", _partner_client, {"revoked_at": NOW - timedelta(seconds=1)}),
    ("api_call_method_not_empty", _api_call, {"method": ""}),
    ("api_call_path_absolute", _api_call, {"path": "api/v1/statistics/"}),
    ("api_call_status_code_valid", _api_call, {"status_code": 99}),
    ("api_call_status_code_valid", _api_call, {"status_code": 600}),
    ("referral_idempotency_key_unique_per_partner", _second_referral, {"idempotency_key": "key-1"}),
    ("referral_partner_reference_unique", _second_referral, {"partner_reference": "MO-2026-1"}),
    ("referral_partner_reference_not_empty", _referral, {"partner_reference": ""}),
    ("referral_idempotency_key_not_empty", _referral, {"idempotency_key": ""}),
    ("referral_organisation_name_not_empty", _referral, {"organisation_name": ""}),
    ("referral_organisation_country_iso_alpha2", _referral, {"organisation_country": "hk"}),
    ("referral_request_hash_sha256", _referral, {"request_hash": "F" * 64}),
    ("one_workload_per_officer_and_count", _officers_workload, {"officer": None}),
    ("workload_due_and_breached_among_open", _officers_workload, {"due_soon": 4}),
    ("workload_due_and_breached_among_open", _officers_workload, {"breached": 4}),
]
