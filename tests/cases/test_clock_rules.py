"""A clock rule's reminder offsets are a list of whole days, typed by staff as "7, 1"."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import ClockRule
from tests.helpers.html_forms import main_form_fields

pytestmark = pytest.mark.django_db


def test_the_seeded_rules_keep_their_reminder_days_as_lists_largest_first():
    assert ClockRule.objects.get(code="hk-pdpo-s39-3").warning_days == [14, 7, 1]
    assert ClockRule.objects.get(code="gdpr-art33").warning_days == []


@pytest.mark.parametrize(
    ("typed", "stored"), [("7, 1", [7, 1]), ("1,14,7", [14, 7, 1]), ("3\uff0c1", [3, 1]), ("", [])]
)
def test_an_administrator_types_the_days_as_a_list(client, administrator, typed, stored):
    rule = ClockRule.objects.get(code="gdpr-art61-2")
    client.force_login(administrator)
    page = f"/admin/cases/clockrule/{rule.pk}/change/"
    fields = main_form_fields(client.get(page).content.decode())
    assert fields["warning_days"] == "7"

    response = client.post(page, {**fields, "warning_days": typed})

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.warning_days == stored


@pytest.mark.parametrize("typed", ["7, x", "0", "7, 7", "99999"])
def test_days_that_are_not_whole_distinct_and_in_range_are_a_form_error(client, administrator, typed):
    rule = ClockRule.objects.get(code="gdpr-art61-2")
    client.force_login(administrator)
    page = f"/admin/cases/clockrule/{rule.pk}/change/"
    fields = main_form_fields(client.get(page).content.decode())

    response = client.post(page, {**fields, "warning_days": typed})

    assert response.status_code == 200
    assert "warning_days" in response.context["adminform"].form.errors
    rule.refresh_from_db()
    assert rule.warning_days == [7]


@pytest.mark.parametrize("value", ["7,1", [1.5], [True], [0], [3, 3]])
def test_the_model_refuses_anything_but_distinct_whole_days(value):
    rule = ClockRule.objects.get(code="gdpr-art61-2")
    rule.warning_days = value

    with pytest.raises(ValidationError) as refused:
        rule.full_clean()

    assert set(refused.value.message_dict) == {"warning_days"}
