from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from dpa.second_factor import verify_code


def _code_field(label: str, help_text: str = "", *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


def _normalised(code: str) -> str:
    """A code as typed, without the spaces people add to read it, lower case like recovery codes."""
    return "".join(code.split()).lower()


class LoginForm(AdminAuthenticationForm):
    """The staff sign-in: username, password and, once set up, a code from the user's authenticator app.

    One message for every failure, so that it never tells whether the password alone was right.
    A wrong code counts as a failed sign-in towards the lockout, like a wrong password.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the correct %(username)s, password and code. The first time you sign in, "
            "leave the code empty: you will set up your authenticator app next."
        ),
    }

    code = _code_field(
        _("Code from your authenticator app (or a recovery code)"),
        _("Leave empty if you have not set up an authenticator app yet."),
        required=False,
    )

    def clean(self):
        super().clean()
        user = self.user_cache  # None when the username or password was left empty
        if user is not None and user_has_device(user):
            device = verify_code(user, _normalised(self.cleaned_data.get("code", "")))
            if device is None:
                user_login_failed.send(
                    sender=__name__, credentials={"username": user.get_username()}, request=self.request
                )
                raise self.get_invalid_login_error()
            # django-otp marks the session verified with this device when the user is logged in.
            user.otp_device = device
        return self.cleaned_data


class FirstCodeForm(forms.Form):
    """The first code from a newly set-up authenticator app, which confirms it."""

    code = _code_field(_("Code shown by your authenticator app"), required=True)

    def clean_code(self) -> str:
        return _normalised(self.cleaned_data["code"])
