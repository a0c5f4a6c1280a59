"""Forms of enquiries and letters: drafting an enquiry, and the buttons that send it, record its reply,
extend or withdraw it, and write to a complainant. Each only shapes input for one service."""

from django import forms
from django.forms import CheckboxSelectMultiple
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.forms import ClockReasonForm
from cases.models import Enquiry, LetterKind
from cases.uploads import allowed_types_text
from dpa.dates import validate_plausible_date
from dpa.key_fields import CheckedAutocompleteSelectMultiple
from dpa.model_forms import ConstraintCheckedModelForm

# What a draft's form edits; the services set everything else.
ENQUIRY_FIELDS = ["organisation", "cases", "language", "recipients", "subject", "questions", "rule"]
# Letters the case page writes to the complainant; an enquiry's letter is sent from the enquiry.
COMPLAINANT_LETTERS = [LetterKind.ACKNOWLEDGEMENT, LetterKind.PROGRESS_UPDATE, LetterKind.NOT_PURSUED]


class EnquiryForm(ConstraintCheckedModelForm):
    """A draft enquiry: the organisation, the cases it covers, and the letter's wording.

    The cases offered are ``workable``: open cases about an organisation that the user may work on.
    Once the organisation is known (from the case page's "New enquiry" button, or as posted) they
    are its cases, as tick boxes; before, a look-up among all of them.
    """

    class Meta:
        model = Enquiry
        fields = ENQUIRY_FIELDS
        widgets = {
            "subject": forms.TextInput(attrs={"size": 80}),
            "questions": forms.Textarea(attrs={"rows": 12, "cols": 80}),
            "recipients": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }
        help_texts = {
            "recipients": _("E-mail addresses, one per line. Left empty, the organisation's contact address."),
            "cases": _("Open cases about the organisation that you work on. One letter can cover several."),
        }

    def __init__(self, *args, workable=None, organisation=None, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        cases = self.fields.get("cases")
        if workable is None or cases is None:  # a sent enquiry's page shows its cases read only
            return
        if organisation is not None:
            cases.queryset = workable.filter(organisation=organisation).order_by("-received_on", "-pk")
            # Laid out as the admin lays out radio buttons, one a line.
            cases.widget = CheckboxSelectMultiple(attrs={"class": "radiolist"}, choices=cases.choices)
            cases.help_text = self._meta.help_texts["cases"]
        else:
            cases.queryset = workable.exclude(organisation=None)
            if admin_site is not None:
                cases.widget = CheckedAutocompleteSelectMultiple(Enquiry._meta.get_field("cases"), admin_site)
                cases.widget.choices = cases.choices

    def clean(self):
        data = super().clean()
        organisation, chosen = data.get("organisation"), data.get("cases")
        if organisation is not None and chosen:
            elsewhere = [case.reference for case in chosen if case.organisation_id != organisation.pk]
            if elsewhere:
                self.add_error(
                    "cases",
                    _("Not about %(organisation)s: %(cases)s.")
                    % {"organisation": organisation, "cases": ", ".join(elsewhere)},
                )
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Any number of files; ``record_reply`` checks each one's content before anything is stored."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = []
        for each in files:
            cleaned.append(super().clean(each, initial))
        return cleaned


# The browser's own date picker; no script of ours.
DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReplyForm(forms.Form):
    replied_on = forms.DateField(label=_("Reply received on"), widget=DAY, validators=[validate_plausible_date])
    summary = forms.CharField(label=_("What the reply says"), widget=forms.Textarea(attrs={"rows": 8, "cols": 80}))
    documents = DocumentsField(
        label=_("Documents that came with it"),
        required=False,
        help_text=format_lazy(
            _("Attached to every case the enquiry covers. Allowed: {types}."), types=lazy(allowed_types_text, str)()
        ),
    )


class ExtensionForm(ClockReasonForm):
    until = forms.DateField(label=_("New reply-by date"), widget=DAY, validators=[validate_plausible_date])
    field_order = ["until", "reason"]


class WithdrawalForm(ClockReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Why it is withdrawn")


class CaseLetterForm(forms.Form):
    """A letter to the complainant of a case; the reasons go only into a notice not to pursue."""

    kind = forms.ChoiceField(label=_("Letter"), choices=[(kind.value, kind.label) for kind in COMPLAINANT_LETTERS])
    reasons = forms.CharField(
        label=_("Reasons for the decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_("Needed for a notice of a decision not to pursue, which sets them out with s.39(4)."),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == LetterKind.NOT_PURSUED and not data.get("reasons", "").strip():
            self.add_error("reasons", _("A notice of a decision not to pursue gives the reasons."))
        return data
