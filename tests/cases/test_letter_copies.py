"""The copy kept of a letter: a letter to a complainant names them, so its copy downloads only for
staff who may see who complained, each download logged; an enquiry's copy names no complainant."""

import pytest

from cases import services
from cases.models import AccessContext, Document, IdentityAccess, LetterKind
from tests.helpers.moments import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hk_calendar")]


def _copy_url(letter) -> str:
    """The copy kept on the letter's (first) case."""
    return f"/staff/documents/{Document.objects.filter(letter=letter).earliest('pk').pk}/"


def test_the_copy_of_a_letter_to_the_complainant_downloads_for_staff_who_may_see_them_and_is_logged(
    client, case, officer
):
    letter = services.send_letter(case, kind=LetterKind.ACKNOWLEDGEMENT, by=officer, now=NOW)
    IdentityAccess.objects.all().delete()
    client.force_login(officer)

    response = client.get(_copy_url(letter))

    assert response.status_code == 200
    assert "Lam Siu Ming" in b"".join(response.streaming_content).decode()
    access = IdentityAccess.objects.get()
    assert (access.user, access.complainant, access.case, access.context) == (
        officer,
        case.complainant,
        case,
        AccessContext.LETTER,
    )
    # Closing the file response ends the request, which may close the database connection.
    response.close()


def test_an_auditor_who_may_not_see_who_complained_cannot_download_it(client, case, officer, auditor):
    letter = services.send_letter(case, kind=LetterKind.ACKNOWLEDGEMENT, by=officer, now=NOW)
    client.force_login(auditor)

    response = client.get(_copy_url(letter))

    assert response.status_code == 403
    assert b"Lam Siu Ming" not in response.content


def test_the_copy_of_an_enquiry_downloads_for_an_auditor(client, officer, auditor, enquiry_sent_at_now):
    client.force_login(auditor)

    response = client.get(_copy_url(enquiry_sent_at_now.letters.get()))

    assert response.status_code == 200
    response.close()
