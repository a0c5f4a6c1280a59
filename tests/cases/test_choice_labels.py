"""The timeline's and the clocks' own ``get_<field>_display()`` (``cases.models.base.label_of``) say
what Django's would, for every choice and for a value that is none, in both languages."""

import pytest
from django.db import models
from django.utils import translation

from cases.models import CaseEvent, CaseEventKind, CaseStatus, Clock, ClockState

OWN_DISPLAYS = [
    (CaseEvent, "kind", CaseEventKind),
    (CaseEvent, "from_status", CaseStatus),
    (CaseEvent, "to_status", CaseStatus),
    (Clock, "state", ClockState),
]


@pytest.mark.parametrize("language", ["en", "zh-hant"])
@pytest.mark.parametrize(
    ("model", "name", "choices"), OWN_DISPLAYS, ids=[f"{m.__name__}.{n}" for m, n, _ in OWN_DISPLAYS]
)
def test_each_label_is_what_django_s_own_display_says(language, model, name, choices):
    field = model._meta.get_field(name)

    with translation.override(language):
        for value in [*choices.values, "", "no-such-value"]:
            row = model(**{name: value})
            shown = getattr(row, f"get_{name}_display")()
            assert shown == models.Model._get_FIELD_display(row, field), value
            assert type(shown) is str


def test_a_label_reads_in_the_reader_s_language():
    note = CaseEvent(kind=CaseEventKind.NOTE)

    with translation.override("en"):
        english = note.get_kind_display()
    with translation.override("zh-hant"):
        chinese = note.get_kind_display()

    assert english == "Note"
    assert chinese not in ("", english)
