"""The officers' open cases, counted for the team leads' home (``cases.models.workload``)."""

from datetime import datetime

from django.db import transaction

from cases.models import WORKLOAD_NUMBERS, Case, OfficerWorkload, WorkloadCount, workload_by_officer


@transaction.atomic
def count_workloads(*, now: datetime) -> WorkloadCount:
    """Count every officer's open cases, those due within 7 days and those breached, and the cases
    nobody has, as of ``now``; the counts made before are removed. Two counts at once both stand
    until the next, and the home reads the later."""
    counted = workload_by_officer(Case.objects.all(), now=now)
    # The cases nobody has are a row even when there are none, so that a count is never empty.
    counted.setdefault(None, dict.fromkeys(WORKLOAD_NUMBERS, 0))
    count = WorkloadCount.objects.create(counted_at=now)
    OfficerWorkload.objects.bulk_create(
        OfficerWorkload(count=count, officer_id=officer_id, **numbers) for officer_id, numbers in counted.items()
    )
    WorkloadCount.objects.filter(counted_at__lt=now).delete()
    return count
