"""The second factor of staff sign-in: an authenticator app (TOTP) and single-use recovery codes."""

from base64 import b32encode

import segno
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10


def authenticator_of(user: AbstractBaseUser) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if they have set one up."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user: AbstractBaseUser) -> int:
    """How many of the user's recovery codes are still unused."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify_code(user: AbstractBaseUser, code: str) -> Device | None:
    """The user's device that accepts the code: the authenticator app for digits, else the recovery codes.

    Each device counts its own failures and makes the next try wait longer, so a code is tried
    only on the device it can belong to (django_otp.match_token would try both, and every app
    code would then count as a failed recovery code).
    """
    if not code:
        return None
    model = TOTPDevice if code.isdigit() else StaticDevice
    for device in model.objects.devices_for_user(user, confirmed=True):
        if verify_token(user, device.persistent_id, code):
            return device
    return None


@transaction.atomic
def start_enrolment(user: AbstractBaseUser) -> TOTPDevice:
    """The authenticator app the user is setting up: the one already started, or a new one."""
    pending = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    return pending or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def confirm_enrolment(device: TOTPDevice, *, code: str) -> list[str] | None:
    """Confirm a new authenticator app with its first code and return fresh recovery codes (None: wrong code)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return make_recovery_codes(device.user)


@transaction.atomic
def make_recovery_codes(user: AbstractBaseUser) -> list[str]:
    """Replace the user's recovery codes with fresh ones and return them; they are shown only once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Recovery codes", "confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    device.throttle_reset()
    return codes


@transaction.atomic
def reset_second_factor(user: AbstractBaseUser) -> None:
    """Remove the user's authenticator app and recovery codes, so that they set them up again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def secret_for_typing(device: TOTPDevice) -> str:
    """The device's secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The device's set-up link as a QR code, an inline SVG (dark on white, readable in dark mode too)."""
    return mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff"))
