"""The record of who was shown which complainant's identity."""

from datetime import datetime

from cases.models import (
    IdentityAccess,
)


def record_identity_access(*, user, shown, context: str, path: str, now: datetime) -> None:
    """Log that ``user`` was shown these complainants' identities: ``shown`` holds pairs of
    complainant id and the id of the case it was shown with (or None)."""
    IdentityAccess.objects.bulk_create(
        IdentityAccess(
            complainant_id=complainant_id, case_id=case_id, user=user, accessed_at=now, context=context, path=path[:300]
        )
        for complainant_id, case_id in sorted(set(shown), key=lambda pair: (pair[0], pair[1] or 0))
    )
