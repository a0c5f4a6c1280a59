"""The kinds of case, their statuses and the workflow each kind follows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    BREACH_NOTIFICATION = "breach", _("Data breach notification")
    COMPLIANCE_CHECK = "compliance", _("Compliance check")
    INVESTIGATION = "investigation", _("Investigation")
    DOXXING = "doxxing", _("Doxxing")
    INCOMING_REFERRAL = "referral", _("Incoming referral")


# A complaint and a doxxing report are brought by someone: the database holds each such case to a
# complainant, and every form and service asks this same set.
KINDS_NEEDING_COMPLAINANT = frozenset({CaseKind.COMPLAINT, CaseKind.DOXXING})

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

# Moving a case to one of these is the decision to pursue it, as moving it to NOT_PURSUED is the
# decision not to; a preliminary enquiry decides neither.
PURSUED_STATUSES = frozenset({CaseStatus.CONCILIATION, CaseStatus.INVESTIGATION})


class LetterKind(models.TextChoices):
    ENQUIRY = "enquiry", _("Enquiry to an organisation")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement to the complainant")
    PROGRESS_UPDATE = "progress_update", _("Progress update to the complainant")
    NOT_PURSUED = "not_pursued", _("Notice of a decision not to pursue (s.39(3))")
