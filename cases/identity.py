"""Showing a complainant's identity: who may, and the record of each time someone was shown one."""

from collections.abc import Iterable

from django.utils import timezone

from cases import services
from cases.permissions import can_see_identity


class IdentityDisclosure:
    """Collects the complainants shown on one page so that one insert records them all."""

    def __init__(self, request, context: str):
        self.user = request.user
        self.context = context
        # Never the query string: a search term may itself be a name or an e-mail address.
        self.path = request.path
        self.allowed = can_see_identity(request.user)
        self._shown: set[tuple[int, int | None]] = set()

    @classmethod
    def for_request(cls, request, context: str) -> "IdentityDisclosure":
        disclosures = request.__dict__.setdefault("_identity_disclosures", {})
        if context not in disclosures:
            disclosures[context] = cls(request, context)
        return disclosures[context]

    def add(self, complainant_id, *, case_id=None) -> None:
        """Note that this complainant was shown, on the page or list row of ``case_id`` if any."""
        if self.allowed:
            self._shown.add((int(complainant_id), case_id))

    def record(self) -> None:
        if self._shown:
            services.record_identity_access(
                user=self.user, shown=self._shown, context=self.context, path=self.path, now=timezone.now()
            )
            self._shown.clear()


def record_disclosures(request) -> None:
    """Write the access records for every identity the page just rendered."""
    for disclosure in getattr(request, "_identity_disclosures", {}).values():
        disclosure.record()


def record_shown_identities(request, response, context: str, shown: Iterable[tuple[int, int | None]]):
    """The one way a screen records the identities on the page it answers with, and returns it.

    ``shown`` holds a pair for each identity on the page: the complainant's id and the id of the
    case it is shown with, or None. Nothing is recorded for staff who see only masked names, nor for
    an answer that shows no page (a redirect, a refusal). A page rendered later, as most admin pages
    are, is recorded once it has rendered; one already rendered, at once.
    """
    if response.status_code != 200:
        return response
    disclosure = IdentityDisclosure.for_request(request, context)
    for complainant_id, case_id in shown:
        disclosure.add(complainant_id, case_id=case_id)
    if getattr(response, "is_rendered", True):
        record_disclosures(request)
    else:
        response.add_post_render_callback(lambda rendered: record_disclosures(request))
    return response


def identities_on_cases(cases) -> list[tuple[int, int]]:
    """What ``record_shown_identities`` takes for cases each shown with its complainant."""
    return [(case.complainant_id, case.pk) for case in cases if case.complainant_id is not None]
