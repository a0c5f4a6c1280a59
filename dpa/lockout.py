"""How django-axes counts failed sign-ins (per client address) and what a locked-out user sees."""

import ipaddress

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the connection's, or behind our proxy the one the proxy appended last.

    Only the last X-Forwarded-For entry is the proxy's own; the ones before it are whatever the
    client sent. Without a proxy the header is ignored, so a client cannot choose its address.
    """
    if settings.BEHIND_PROXY:
        appended = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(appended))
        except ValueError:
            pass  # not through the proxy after all: the connection's address is the client's
    return request.META.get("REMOTE_ADDR")


def lockout_response(request: HttpRequest, original_response: HttpResponse, credentials: dict | None) -> HttpResponse:
    """The page for a locked-out sign-in: why, until when, and who can unlock it sooner."""
    username = get_client_username(request, credentials) or ""
    cool_off = get_cool_off(request)
    now = timezone.now()
    counted = AccessAttempt.objects.filter(
        username=username, ip_address=request.axes_ip_address, attempt_time__gte=now - cool_off
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    context = {
        **admin.site.each_context(request),
        "title": gettext("Signing in is locked"),
        "username": username,
        "failures": counted["failures"] or settings.AXES_FAILURE_LIMIT,
        "locked_until": (counted["last"] or now) + cool_off,
    }
    return render(request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
