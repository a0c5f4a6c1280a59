"""Partners of the API, for administrators: taking one on, its clients and recent calls, a client's new
secret (shown once, on the page that made it) and revoking a partner's access. Every change is a call
to ``cases.services``."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.forms import ConfirmForm
from cases.models import ApiCall, Partner, PartnerClient, PartnerKind
from dpa.action_pages import action_page, render_action_page, show_refusal
from dpa.admin_base import HistoryAdmin, change_url

# A partner's page shows this many of its latest calls.
RECENT_CALLS = 50
SECRET_TEMPLATE = "admin/cases/partner/secret.html"


class NewPartnerForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=200)
    kind = forms.ChoiceField(label=_("kind"), choices=PartnerKind.choices)
    country = forms.CharField(
        label=_("country"), max_length=2, initial="HK", help_text=_("ISO 3166 code of two capital letters, e.g. HK.")
    )
    contact_name = forms.CharField(label=_("contact name"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("contact e-mail"), required=False)
    scopes = forms.MultipleChoiceField(
        label=_("scopes"),
        choices=[(scope, f"{scope}: {description}") for scope, description in settings.API_SCOPES.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What its tokens may be used for."),
    )


class RotateSecretForm(forms.Form):
    client = forms.ModelChoiceField(label=_("client"), queryset=PartnerClient.objects.none(), widget=forms.RadioSelect)

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        self.fields["client"].label_from_instance = lambda client: client.application.client_id
        if len(clients) == 1:
            self.fields["client"].initial = clients[0].pk


@admin.register(Partner)
class PartnerAdmin(HistoryAdmin):
    list_display = ["name", "kind", "country", "active", "client_count", "last_call_at"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "contact_name", "contact_email"]
    fields = ["name", "kind", "country", "contact_name", "contact_email", "active", "created_at"]
    # Access is revoked with its own button, which also revokes the clients and their tokens.
    readonly_fields = ["active", "created_at"]
    # The client count groups the query, and Meta.ordering does not apply to grouped queries.
    ordering = ["name", "pk"]
    actions = None
    change_form_template = "admin/cases/partner/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_client_count_and_last_call()

    def has_delete_permission(self, request, obj=None):
        # Its calls and history stay on file; a partner that should stop is revoked.
        return False

    @admin.display(description=_("clients"), ordering="client_count")
    def client_count(self, partner):
        return partner.client_count

    @admin.display(description=_("last call"), ordering="last_call_at")
    def last_call_at(self, partner):
        return partner.last_call_at

    def has_rotate_permission(self, request) -> bool:
        return request.user.has_perm("cases.change_partnerclient")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/revoke/", wrap(self.revoke_view), name="cases_partner_revoke"),
            path("<path:object_id>/rotate-secret/", wrap(self.rotate_view), name="cases_partner_rotate"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["clients"] = obj.clients.select_related("application")
            context["can_rotate"] = obj.active and self.has_rotate_permission(request)
            context["can_revoke"] = obj.active and self.has_change_permission(request, obj)
            if request.user.has_perm("cases.view_apicall"):
                context["recent_calls"] = ApiCall.objects.filter(partner=obj).select_related("client__application")[
                    :RECENT_CALLS
                ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = NewPartnerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                partner, client_id, secret = services.create_partner(
                    **form.cleaned_data, by=request.user, now=timezone.now()
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                return _secret_page(self, request, partner, client_id=client_id, secret=secret)
        return render_action_page(
            self,
            request,
            None,
            form=form,
            title=gettext("Add a partner"),
            intro=gettext("The partner gets one client; its secret is shown once, on the next page."),
            submit_label=gettext("Add the partner"),
            object_url=reverse("admin:cases_partner_changelist"),
            object_name=gettext("New partner"),
        )

    def rotate_view(self, request, object_id):
        partner = self.get_visible_object_or_404(request, object_id)
        if not self.has_rotate_permission(request):
            raise PermissionDenied
        in_use = partner.clients.filter(revoked_at__isnull=True).select_related("application")
        form = RotateSecretForm(request.POST or None, clients=in_use) if partner.active and in_use else None
        if form is not None and request.method == "POST" and form.is_valid():
            client = form.cleaned_data["client"]
            try:
                secret = services.rotate_secret(client, by=request.user, now=timezone.now())
            except ValidationError as error:
                show_refusal(form, error)
            else:
                return _secret_page(self, request, partner, client_id=client.application.client_id, secret=secret)
        return render_action_page(
            self,
            request,
            partner,
            form=form,
            title=gettext("Rotate secret"),
            intro=gettext(
                "The client gets a new secret, shown once on the next page; the old one stops working at once."
            )
            if form is not None
            else gettext("This partner's access is revoked: its clients get no new secret."),
            submit_label=gettext("Make a new secret"),
            object_url=change_url(partner),
        )

    def revoke_view(self, request, object_id):
        partner = self.get_visible_object_or_404(request, object_id)
        if not self.has_change_permission(request, partner):
            raise PermissionDenied
        return action_page(
            self,
            request,
            partner,
            form=ConfirmForm(request.POST or None) if partner.active else None,
            title=gettext("Revoke access"),
            intro=gettext(
                "Every client of this partner is revoked and every token of theirs stops working at once. "
                "This cannot be undone: a partner taken on again gets new clients."
            )
            if partner.active
            else gettext("This partner's access is already revoked."),
            submit_label=gettext("Revoke access"),
            apply=lambda data: services.revoke_access(partner, by=request.user, now=timezone.now()),
            done=gettext("Access revoked."),
            object_url=change_url(partner),
        )


def _secret_page(model_admin, request, partner: Partner, *, client_id: str, secret: str):
    """The one page that ever shows a client's secret: it is stored only hashed."""
    return render_action_page(
        model_admin,
        request,
        partner,
        form=None,
        title=gettext("The client's secret"),
        object_url=change_url(partner),
        template=SECRET_TEMPLATE,
        client_id=client_id,
        secret=secret,
    )
