"""Letter templates and sent letters in the admin: administrators edit the wording of each kind in both
languages side by side, with the placeholders it may use listed; letters are only read, and a letter
to a complainant only by staff allowed to see who the complainant is."""

from itertools import count

import pytest

from cases.models import (
    AccessContext,
    Confidentiality,
    DeliveryState,
    IdentityAccess,
    Letter,
    LetterKind,
    LetterTemplate,
)
from dpa.roles import TEAM_LEAD
from tests.helpers.factories import CaseFactory, ComplainantFactory, make_user
from tests.helpers.html_forms import main_form_fields
from tests.helpers.moments import NOW
from tests.helpers.pages import get_within_budget, messages_of, text_of

pytestmark = pytest.mark.django_db

TEMPLATES = "/admin/cases/lettertemplate/"
LETTERS = "/admin/cases/letter/"
MESSAGE_NUMBERS = count(1)


def template_page(kind: str) -> str:
    return f"{TEMPLATES}{LetterTemplate.objects.get(kind=kind).pk}/change/"


def letter_to_complainant(case, **fields) -> Letter:
    """An acknowledgement as ``send_letter`` keeps it, written directly: only what the admin shows matters."""
    values = {
        "kind": LetterKind.ACKNOWLEDGEMENT,
        "case": case,
        "language": "en",
        "recipients": case.complainant.email,
        "reply_to": "enquiries@dpa.example",
        "subject": f"{case.reference}: your complaint, {case.complainant.name}",
        "body_text": f"Dear {case.complainant.name},\n\nWe received your complaint.",
        "body_html": "<p>We received your complaint.</p>",
        "message_id": f"<letter-{next(MESSAGE_NUMBERS)}@dpa.example>",
        "sent_at": NOW,
        "state": DeliveryState.PENDING,
        **fields,
    }
    return Letter.objects.create(**values)


# --- templates ---------------------------------------------------------------------------------------


def test_a_template_shows_english_and_chinese_side_by_side_with_the_placeholders_its_kind_may_use(
    client, administrator
):
    client.force_login(administrator)

    response = client.get(template_page(LetterKind.ENQUIRY))

    assert response.status_code == 200
    lines = [line.fields for fieldset in response.context["adminform"] for line in fieldset]
    assert [list(fields) for fields in lines] == [["kind"], ["subject_en", "subject_zh"], ["body_en", "body_zh"]]
    help_rows = {typed: required for typed, _meaning, required in response.context["placeholder_help"]}
    assert help_rows == {
        "{{ reference }}": False,
        "{{ date }}": False,
        "{{ organisation }}": False,
        "{{ subject }}": False,
        "{{ officer }}": False,
        "{{ questions }}": True,
        "{{ reply_by }}": True,
    }
    assert "the date a reply is due" in text_of(response.content.decode())


def _post_template(client, kind: str, **changes):
    page = template_page(kind)
    return client.post(page, {**main_form_fields(client.get(page).content.decode()), **changes})


def test_a_placeholder_the_kind_cannot_fill_in_is_refused_naming_those_it_can(client, administrator):
    client.force_login(administrator)
    body = LetterTemplate.objects.get(kind=LetterKind.ACKNOWLEDGEMENT).body_en

    response = _post_template(client, LetterKind.ACKNOWLEDGEMENT, body_en=body + "\n{{ reply_by }}")

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["body_en"]
    assert error.startswith("This letter cannot fill in {{ reply_by }}; it can use {{ complainant }}, {{ date }}")
    assert LetterTemplate.objects.get(kind=LetterKind.ACKNOWLEDGEMENT).body_en == body


def test_an_enquiry_letter_without_its_reply_by_date_in_chinese_is_refused(client, administrator):
    client.force_login(administrator)
    body = LetterTemplate.objects.get(kind=LetterKind.ENQUIRY).body_zh

    response = _post_template(client, LetterKind.ENQUIRY, body_zh=body.replace("{{ reply_by }}", ""))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert LetterTemplate.objects.get(kind=LetterKind.ENQUIRY).body_zh == body


def test_placeholders_typed_loosely_are_saved_one_way(client, administrator):
    client.force_login(administrator)

    response = _post_template(client, LetterKind.PROGRESS_UPDATE, subject_en="Your complaint {{reference}}")

    assert response.status_code == 302
    assert LetterTemplate.objects.get(kind=LetterKind.PROGRESS_UPDATE).subject_en == "Your complaint {{ reference }}"


def test_officers_read_the_templates_but_only_administrators_change_them(client, officer):
    client.force_login(officer)
    subject = LetterTemplate.objects.get(kind=LetterKind.ENQUIRY).subject_en

    assert client.get(template_page(LetterKind.ENQUIRY)).status_code == 200
    assert client.post(template_page(LetterKind.ENQUIRY), {"subject_en": "Changed"}).status_code == 403
    assert LetterTemplate.objects.get(kind=LetterKind.ENQUIRY).subject_en == subject


def test_no_template_is_added_or_deleted_while_every_kind_has_its_own(client, superuser):
    client.force_login(superuser)
    template = LetterTemplate.objects.get(kind=LetterKind.ENQUIRY)

    assert client.get(f"{TEMPLATES}add/").status_code == 403
    assert client.post(f"{TEMPLATES}{template.pk}/delete/").status_code == 403
    assert LetterTemplate.objects.count() == 4


# --- letters -------------------------------------------------------------------------------------------


def test_a_letter_to_a_complainant_is_read_with_its_words_and_the_reading_is_recorded(client, officer):
    case = CaseFactory(assigned_officer=officer, complainant=ComplainantFactory(name="Cheung Wing Yan"))
    letter = letter_to_complainant(case)
    client.force_login(officer)

    response = client.get(f"{LETTERS}{letter.pk}/change/")

    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Dear Cheung Wing Yan," in text
    assert case.complainant.email in text
    assert (
        IdentityAccess.objects.filter(
            user=officer, complainant=case.complainant, case=case, context=AccessContext.LETTER
        ).count()
        == 1
    )


def test_staff_who_may_not_see_identities_read_a_complainants_letter_without_its_words(client, auditor, officer):
    case = CaseFactory(assigned_officer=officer, complainant=ComplainantFactory(name="Cheung Wing Yan"))
    letter = letter_to_complainant(case)
    client.force_login(auditor)

    listed = client.get(LETTERS)
    page = client.get(f"{LETTERS}{letter.pk}/change/")
    history = client.get(f"{LETTERS}{letter.pk}/history/")

    for response in (listed, page, history):
        assert response.status_code == 200
        content = response.content.decode()
        assert "Cheung Wing Yan" not in content
        assert case.complainant.email not in content
        assert case.reference in content
    assert "the complainant" in text_of(listed.content.decode())
    assert not IdentityAccess.objects.filter(user=auditor).exists()


def test_letters_are_never_added_changed_or_deleted_in_the_admin(client, superuser):
    letter = letter_to_complainant(CaseFactory())
    client.force_login(superuser)

    assert client.get(f"{LETTERS}add/").status_code == 403
    assert client.post(f"{LETTERS}{letter.pk}/change/", {"subject": "Changed"}).status_code == 403
    assert client.post(f"{LETTERS}{letter.pk}/delete/").status_code == 403
    assert Letter.objects.get().subject == letter.subject


def test_a_letter_on_a_restricted_case_is_not_found_by_an_officer_who_cannot_see_the_case(client, probe_world):
    hidden = letter_to_complainant(probe_world["restricted"])
    shown = letter_to_complainant(probe_world["normal"])
    client.force_login(probe_world["colleague"])

    assert [letter.pk for letter in client.get(LETTERS).context["cl"].result_list] == [shown.pk]
    assert client.get(f"{LETTERS}{hidden.pk}/change/").status_code == 404


def failed_letter(case, **fields) -> Letter:
    return letter_to_complainant(
        case, state=DeliveryState.FAILED, attempts=6, last_error="SMTPServerDisconnected: gone", **fields
    )


def test_only_team_leads_and_administrators_are_offered_to_send_a_failed_letter_again(client, officer, lead):
    letter = failed_letter(CaseFactory(assigned_officer=officer))
    page, retry = f"{LETTERS}{letter.pk}/change/", f"{LETTERS}{letter.pk}/retry/"

    client.force_login(officer)
    assert retry not in client.get(page).content.decode()
    assert (client.get(retry).status_code, client.post(retry).status_code) == (403, 403)
    assert client.get(LETTERS).context["action_form"] is None

    client.force_login(lead)
    assert retry in client.get(page).content.decode()
    assert client.get(retry).status_code == 200


def test_a_team_lead_sends_a_failed_letter_again_from_its_page(client, lead):
    letter = failed_letter(CaseFactory())
    client.force_login(lead)

    response = client.post(f"{LETTERS}{letter.pk}/retry/", {"_confirm": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"{LETTERS}{letter.pk}/change/"
    assert messages_of(response) == ["The letter will be sent again."]
    assert Letter.objects.get(pk=letter.pk).state == DeliveryState.PENDING


def test_a_letter_that_has_not_failed_is_not_offered_to_be_sent_again(client, lead):
    letter = letter_to_complainant(CaseFactory())
    client.force_login(lead)

    page = client.get(f"{LETTERS}{letter.pk}/change/").content.decode()
    retry = client.get(f"{LETTERS}{letter.pk}/retry/")

    assert f"{letter.pk}/retry/" not in page
    assert retry.status_code == 200
    assert "Only a letter that failed can be sent again" in retry.content.decode()
    assert 'name="_confirm"' not in retry.content.decode()


def test_the_list_sends_the_selected_failed_letters_again_and_leaves_the_others(client, administrator):
    failed = [failed_letter(CaseFactory()) for _ in range(2)]
    delivered = letter_to_complainant(CaseFactory(), state=DeliveryState.SENT, delivered_at=NOW)
    client.force_login(administrator)

    response = client.post(LETTERS, {"action": "retry", "_selected_action": [each.pk for each in [*failed, delivered]]})

    assert response.status_code == 302
    assert messages_of(response) == ["2 letters will be sent again.", "1 letter had not failed and was left alone."]
    assert sorted(Letter.objects.values_list("state", flat=True)) == ["pending", "pending", "sent"]


# Four queries of any signed-in admin request; two counts, the page of letters with their cases and
# enquiries, the date hierarchy's range and its dates; one insert of identity accesses.
LETTER_LIST_QUERIES = 10


@pytest.mark.parametrize("n", [3, 30])
def test_the_letter_list_costs_the_same_for_3_and_30_letters(client, django_assert_num_queries, n):
    for i in range(n):
        letter_to_complainant(
            CaseFactory(confidentiality=Confidentiality.RESTRICTED if i % 3 else Confidentiality.NORMAL),
            state=DeliveryState.FAILED if i % 2 else DeliveryState.PENDING,
        )
    client.force_login(make_user(TEAM_LEAD))

    response = get_within_budget(client, LETTERS, LETTER_LIST_QUERIES, django_assert_num_queries)

    assert len(response.context["cl"].result_list) == n


# Four queries of any signed-in admin request; two counts, the page of templates.
LETTER_TEMPLATE_LIST_QUERIES = 7


def test_the_letter_template_list_costs_a_fixed_number_of_queries(client, administrator, django_assert_num_queries):
    client.force_login(administrator)

    response = get_within_budget(client, TEMPLATES, LETTER_TEMPLATE_LIST_QUERIES, django_assert_num_queries)

    assert len(response.context["cl"].result_list) == 4
