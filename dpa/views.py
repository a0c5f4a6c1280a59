from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django_otp import login as otp_login

from dpa.forms import FirstCodeForm
from dpa.second_factor import (
    authenticator_of,
    confirm_enrolment,
    make_recovery_codes,
    qr_code_svg,
    recovery_codes_left,
    secret_for_typing,
    start_enrolment,
)


def second_factor(request: HttpRequest, *, site: AdminSite) -> HttpResponse:
    """Set up an authenticator app; once signed in with it, see its state and make new recovery codes."""
    user = request.user
    authenticator = authenticator_of(user)
    if authenticator is None:
        return _enrol(request, site)
    if request.method == "POST" and user.is_verified():
        return _recovery_codes(request, site, make_recovery_codes(user))
    return render(
        request,
        "admin/second_factor/status.html",
        {
            **site.each_context(request),
            "title": gettext("Two-step sign-in"),
            "authenticator": authenticator,
            "codes_left": recovery_codes_left(user),
        },
    )


def _enrol(request: HttpRequest, site: AdminSite) -> HttpResponse:
    device = start_enrolment(request.user)
    form = FirstCodeForm(request.POST or None)
    if form.is_valid():
        codes = confirm_enrolment(device, code=form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, authenticator_of(request.user))
            return _recovery_codes(request, site, codes)
        form.add_error(
            "code", gettext("That code is not right. Check your phone's clock and enter the code shown now.")
        )
    return render(
        request,
        "admin/second_factor/enrol.html",
        {
            **site.each_context(request),
            "title": gettext("Set up your authenticator app"),
            "form": form,
            "qr_code": qr_code_svg(device),
            "secret": secret_for_typing(device),
        },
    )


def _recovery_codes(request: HttpRequest, site: AdminSite, codes: list[str]) -> HttpResponse:
    # Shown in the response to the POST that made them and never again; the page is not cached.
    context = {**site.each_context(request), "title": gettext("Your recovery codes"), "codes": codes}
    return render(request, "admin/second_factor/recovery_codes.html", context)
