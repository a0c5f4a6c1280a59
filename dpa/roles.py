"""The staff roles and exactly the permissions each needs.

The seed-data migration holds its own frozen copy of this table; a test compares the two, so a
change here comes with a migration that gives the groups their new permissions.
"""

from django.utils.translation import gettext_noop

CASE_OFFICER = gettext_noop("Case officer")
TEAM_LEAD = gettext_noop("Team lead")
EDITOR = gettext_noop("Editor")
PUBLISHER = gettext_noop("Publisher")
AUDITOR = gettext_noop("Auditor")
ADMINISTRATOR = gettext_noop("Administrator")

REFERENCE_MODELS = ["sector", "issuecategory", "dataprotectionprinciple", "team", "clockrule", "calendarday"]
CASE_MODELS = ["case", "caseevent", "document", "organisation", "complainant", "clock", "enquiry", "letter", "reminder"]
LETTER_SETTINGS = ["lettertemplate", "reminderpolicy"]
# Case events and reminders are append-only records and need no field history of their own.
HISTORY_MODELS = [
    f"historical{model}"
    for model in [*REFERENCE_MODELS, *CASE_MODELS, *LETTER_SETTINGS]
    if model not in ("caseevent", "reminder")
]
CALENDAR_KEEPING = [f"cases.{action}_calendarday" for action in ("add", "change", "delete")]


# Editors write guidance; publishers also publish it, but never a version they edited last.
GUIDANCE_AUTHORING = [
    *[
        f"guidance.view_{model}"
        for model in ("publication", "text", "attachment", "version", "versiontext", "event", "topic")
    ],
    *[f"guidance.{action}_{model}" for model in ("publication", "text", "attachment") for action in ("add", "change")],
]
GUIDANCE_HISTORY = [f"guidance.view_historical{model}" for model in ("publication", "text", "topic")]
TOPIC_KEEPING = [f"guidance.{action}_topic" for action in ("add", "change", "delete")]

# Administrators manage the partner systems that use the API: add them, rotate their clients'
# secrets, revoke their access and read their recent calls.
PARTNER_KEEPING = [
    "cases.view_partner",
    "cases.add_partner",
    "cases.change_partner",
    "cases.change_partnerclient",
    "cases.view_apicall",
    "cases.view_historicalpartner",
]

# Team leads and administrators: every case, not only their own, and failed reminders sent again.
CASE_MANAGEMENT = [
    "cases.change_reminder",
    "cases.assign_case",
    "cases.change_any_case",
    "cases.change_case_confidentiality",
    "cases.reopen_case",
]


# Team leads and administrators unlock staff locked out by repeated failed sign-ins.
SIGN_IN_UNLOCKING = ["axes.view_accessattempt", "axes.delete_accessattempt"]


def _view(models):
    return [f"cases.view_{model}" for model in models]


_OFFICER = [
    *_view(REFERENCE_MODELS),
    *_view(CASE_MODELS),
    *_view(LETTER_SETTINGS),
    "cases.add_case",
    "cases.change_case",
    "cases.add_document",
    "cases.add_organisation",
    "cases.change_organisation",
    "cases.add_complainant",
    "cases.change_complainant",
    "cases.view_complainant_identity",
    "cases.add_enquiry",
    "cases.change_enquiry",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    CASE_OFFICER: _OFFICER,
    TEAM_LEAD: [
        *_OFFICER,
        *CALENDAR_KEEPING,
        "cases.view_restricted_cases",
        *CASE_MANAGEMENT,
        *SIGN_IN_UNLOCKING,
        "cases.view_identityaccess",
        *_view(HISTORY_MODELS),
    ],
    EDITOR: [*_view(["sector", "issuecategory", "dataprotectionprinciple"]), *GUIDANCE_AUTHORING],
    PUBLISHER: [
        *_view(["sector", "issuecategory", "dataprotectionprinciple"]),
        *GUIDANCE_AUTHORING,
        "guidance.publish_publication",
    ],
    AUDITOR: [
        *_view(REFERENCE_MODELS),
        *_view(CASE_MODELS),
        *_view(LETTER_SETTINGS),
        *_view(HISTORY_MODELS),
        "cases.view_identityaccess",
        "auth.view_user",
        "auth.view_group",
        *[
            f"guidance.view_{model}"
            for model in ("publication", "text", "attachment", "version", "versiontext", "event", "topic")
        ],
        *GUIDANCE_HISTORY,
    ],
    ADMINISTRATOR: [
        *_OFFICER,
        *CALENDAR_KEEPING,
        "cases.view_restricted_cases",
        *CASE_MANAGEMENT,
        *SIGN_IN_UNLOCKING,
        "cases.view_identityaccess",
        *_view(HISTORY_MODELS),
        *[f"cases.{action}_{model}" for model in REFERENCE_MODELS for action in ("add", "change", "delete")],
        "cases.add_lettertemplate",
        "cases.change_lettertemplate",
        "cases.change_reminderpolicy",
        *[f"auth.{action}_{model}" for model in ("user", "group") for action in ("view", "add", "change")],
        *GUIDANCE_AUTHORING,
        "guidance.publish_publication",
        *TOPIC_KEEPING,
        *GUIDANCE_HISTORY,
        *PARTNER_KEEPING,
    ],
}
