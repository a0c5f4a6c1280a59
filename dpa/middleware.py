from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device


class PermissionsPolicyMiddleware:
    """Switch off, on every response, the browser features listed in PERMISSIONS_POLICY_DISABLED."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DISABLED)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class SecondFactorMiddleware:
    """Where the second factor is required, a signed-in user who has not given it goes nowhere but
    to setting it up (no authenticator yet) or back to the sign-in page (one is set up)."""

    OPEN_TO_ALL = {"admin:login", "admin:logout", "set_language"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie nobody is signed in; reading the session anyway would add
        # "Vary: Cookie" to the public pages and keep shared caches from storing them.
        if settings.SECOND_FACTOR_REQUIRED and settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self._turn_away(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _turn_away(self, request: HttpRequest) -> HttpResponse | None:
        # Read before request.user: django-otp drops the key when the session's device is gone.
        was_verified = DEVICE_ID_SESSION_KEY in request.session
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        view_name = _view_name(request)
        if was_verified or user_has_device(user):
            # The session's authenticator was removed (a reset), or the session never gave a code:
            # whoever holds it must sign in again rather than set up an authenticator of their own.
            logout(request)
            if view_name in self.OPEN_TO_ALL:
                return None
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if view_name in self.OPEN_TO_ALL or view_name == "admin:second_factor":
            return None
        return redirect("admin:second_factor")


def _view_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None)).view_name
    except Resolver404:
        return None
