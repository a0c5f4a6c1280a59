"""Enquiries drafted with the factory and sent through ``send_enquiry``, for tests about what sending
starts: the reply-by clock, the letter, the timeline entries."""

from datetime import datetime

from cases.models import Enquiry, Letter
from cases.services.enquiries import send_enquiry
from tests.helpers.factories import CaseFactory, EnquiryFactory, OrganisationFactory
from tests.helpers.moments import NOW


def enquiry_draft(officer, *, cases=None, organisation=None, **fields) -> Enquiry:
    """A draft of ``officer``'s about ``cases``: by default two new complaints of theirs about
    ``organisation`` (a new one by default)."""
    if cases is None:
        organisation = organisation or OrganisationFactory()
        cases = [CaseFactory(organisation=organisation, assigned_officer=officer) for _ in range(2)]
    return EnquiryFactory(organisation=cases[0].organisation, cases=cases, officer=officer, **fields)


def sent_through_the_service(enquiry: Enquiry, *, by, now: datetime = NOW) -> Enquiry:
    """The draft sent by ``by`` at ``now``, read back."""
    send_enquiry(enquiry, by=by, now=now)
    enquiry.refresh_from_db()
    return enquiry


def enquiry_letter(officer, *, now: datetime = NOW, **fields) -> Letter:
    """The letter of a new enquiry of ``officer``'s (``fields`` for the factory), sent at ``now``."""
    return send_enquiry(EnquiryFactory(officer=officer, **fields), by=officer, now=now)
