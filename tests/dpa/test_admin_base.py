"""What every staff list shares."""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.utils import translation

from dpa.admin_base import StaffModelAdmin
from tests.helpers.factories import CaseFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_every_list_s_checkbox_is_the_one_django_renders(language):
    """Written directly for speed, the checkbox keeps Django's markup, which the admin's select-all
    script and screen readers rely on, for every list and in both languages."""
    rows = [CaseFactory(title='Leaked "members" <list> & more'), OrganisationFactory()]
    staff_admins = [each for each in admin.site._registry.values() if isinstance(each, StaffModelAdmin)]
    assert staff_admins

    with translation.override(language):
        for model_admin in staff_admins:
            for row in rows:
                assert model_admin.action_checkbox(row) == ModelAdmin.action_checkbox(model_admin, row)
