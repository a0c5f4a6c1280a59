"""Writing to a case's complainant from the case page: the letter chosen, previewed as it will go out
(and the identity it shows recorded), then sent through ``send_letter``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext

from cases import permissions, services
from cases.enquiry_forms import CaseLetterForm
from cases.identity import can_see_identity, record_shown_identities
from cases.letters import render_case_letter
from cases.models import AccessContext, LetterKind
from cases.services.letters import refuse_unless_letter_can_go
from dpa.action_pages import render_action_page, show_refusal


class CaseLetterPages:
    """Writing to a case's complainant from the case page: the letter chosen, previewed as it will go
    out, then sent through ``send_letter``. Mixed into ``CaseAdmin``."""

    def get_urls(self):
        write = self.admin_site.admin_view(self.write_letter_view)
        return [path("<path:object_id>/letter/", write, name="cases_case_letter"), *super().get_urls()]

    def write_letter_view(self, request, object_id):
        case = self.get_visible_object_or_404(request, object_id)
        if not can_write_to_complainant(request.user, case):
            raise PermissionDenied
        posted = request.method == "POST"
        form = CaseLetterForm(request.POST if posted else None, initial={"kind": request.GET.get("kind")})
        case_url = reverse("admin:cases_case_change", args=[case.pk])
        preview = None
        if posted and "_back" not in request.POST and form.is_valid():
            kind, reasons = form.cleaned_data["kind"], form.cleaned_data["reasons"]
            try:
                if "_send" in request.POST:
                    services.send_letter(case, kind=kind, reasons=reasons, by=request.user, now=timezone.now())
                    self.message_user(
                        request,
                        gettext("%(letter)s sent on %(case)s.")
                        % {"letter": LetterKind(kind).label, "case": case.reference},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(case_url)
                refuse_unless_letter_can_go(case, kind=kind, reasons=reasons.strip())
                preview = render_case_letter(case, kind, reasons=reasons, now=timezone.now())
            except (ValidationError, PermissionDenied) as error:
                show_refusal(form, error)
        response = render_action_page(
            self,
            request,
            case,
            form=form,
            title=gettext("Write to the complainant of %(case)s") % {"case": case.reference},
            object_url=case_url,
            template="admin/cases/letter/write.html",
            preview=preview,
            letter_kind=LetterKind(form.cleaned_data["kind"]).label if preview is not None else "",
            recipients=[case.complainant.email] if case.complainant_id else [],
        )
        shown = [(case.complainant_id, case.pk)] if preview is not None else []
        return record_shown_identities(request, response, AccessContext.LETTER, shown)


def can_write_to_complainant(user, case) -> bool:
    """Whether the case page offers to write to the complainant; ``send_letter`` has the last word."""
    return (
        permissions.can_work_on(user, case)
        and can_see_identity(user)  # the letter names the complainant
        and not case.is_closed
        and case.complainant_id is not None
    )
