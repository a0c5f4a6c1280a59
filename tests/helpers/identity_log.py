"""Recording that a case's complainant was shown to someone, as the case page records it."""

from cases import services
from cases.models import AccessContext, Case
from tests.helpers.moments import NOW
from tests.helpers.pages import case_page


def record_shown(user, case: Case, *, at=NOW) -> None:
    services.record_identity_access(
        user=user,
        shown={(case.complainant_id, case.pk)},
        context=AccessContext.CASE_PAGE,
        path=case_page(case),
        now=at,
    )
