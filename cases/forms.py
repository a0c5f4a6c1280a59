from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.models import (
    BREACH_FIELDS,
    DETAIL_FIELDS,
    LONGEST_PERIOD,
    STATUSES_NEEDING_REASON,
    Case,
    CaseStatus,
    Document,
    Outcome,
)
from cases.uploads import allowed_types_text, inspect_upload
from dpa.key_fields import CheckedAutocompleteSelect
from dpa.model_forms import ConstraintCheckedModelForm


class CaseForm(ConstraintCheckedModelForm):
    """The editable details of a case, plus a link to another case that goes through a service.

    The rules the database holds a case to (a complaint has its complainant, breach times only on
    a breach notification, ...) are its constraints, checked by the base form; the rules here are
    the ones the database cannot know, such as today's date.
    """

    constraint_error_fields = {
        "case_complaint_has_complainant": "complainant",
        "case_consent_needs_complainant": "consent_to_disclose_identity",
        # On the kind chosen: the breach times sit further down, under a heading that already says why.
        "case_breach_times_only_on_breach_notifications": "kind",
        "case_breach_notified_after_aware": "breach_notified_at",
    }

    link_to = forms.ModelChoiceField(label=_("Link to case"), queryset=Case.objects.none(), required=False)
    link_reason = forms.CharField(label=_("Why they are related"), required=False, max_length=200)

    class Meta:
        model = Case
        fields = [
            "kind",
            "complainant",
            "consent_to_disclose_identity",
            "assigned_officer",
            *DETAIL_FIELDS,
            *BREACH_FIELDS,
        ]

    def __init__(self, *args, visible_cases=None, admin_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        if visible_cases is not None:
            self.fields["link_to"].queryset = visible_cases.exclude(pk=self.instance.pk)
        if admin_site is not None:
            link_to = self.fields["link_to"]
            link_to.widget = CheckedAutocompleteSelect(Case._meta.get_field("related_cases"), admin_site)
            link_to.widget.choices = link_to.choices

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("A case cannot be received in the future."))
        return received_on

    def clean_assigned_officer(self):
        officer = self.cleaned_data.get("assigned_officer")
        if officer is None and self.instance.assigned_officer_id is not None:
            raise forms.ValidationError(_("A case cannot be left without an officer; assign it to someone else."))
        return officer

    def clean_link_to(self):
        other = self.cleaned_data.get("link_to")
        if other is not None and self.instance.pk and self.instance.related_cases.filter(pk=other.pk).exists():
            raise forms.ValidationError(
                _("%(reference)s is already linked to this case.") % {"reference": other.reference}
            )
        return other


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4, "cols": 80}), required=False)

    def __init__(self, *args, target: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        if target in STATUSES_NEEDING_REASON:
            self.fields["reason"].required = True


class CloseCaseForm(TransitionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "---------"), *Outcome.choices])
    field_order = ["outcome", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, target=CaseStatus.CLOSED, **kwargs)
        self.fields["reason"].label = _("Reason for closing")


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 6, "cols": 80}))


class ReopenCaseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 4, "cols": 80}))


class DocumentUploadForm(ConstraintCheckedModelForm):
    """A new document on a case; its content is checked before anything is stored."""

    class Meta:
        model = Document
        fields = ["file", "description"]
        help_texts = {"file": format_lazy(_("Allowed: {types}."), types=lazy(allowed_types_text, str)())}

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and not isinstance(uploaded, str) and hasattr(uploaded, "content_type"):
            inspect_upload(uploaded)
        return uploaded


class ClockReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))


class ClockExtensionForm(ClockReasonForm):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=LONGEST_PERIOD)
    field_order = ["days", "reason"]


class ConfirmForm(forms.Form):
    """Nothing to fill in: the button is the decision."""
