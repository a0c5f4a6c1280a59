"""Signing in as staff do: the login form, codes from an authenticator app, verified sessions."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from dpa.second_factor import authenticator_of, confirm_enrolment, start_enrolment

PASSWORD = "correct-horse-battery-2026"
LOGIN_URL = "/admin/login/"
ENROLMENT_URL = "/admin/second-factor/"


def sign_in(client: Client, username: str, password: str = PASSWORD, code: str = "", ip: str = "192.0.2.10", **extra):
    """Post the admin login form from the given client address."""
    data = {"username": username, "password": password, "code": code, "next": "/admin/"}
    return client.post(LOGIN_URL, data, REMOTE_ADDR=ip, **extra)


def is_signed_in(client: Client) -> bool:
    """Whether the client's session opens the admin home."""
    return client.get("/admin/").status_code == 200


def totp_code(device: TOTPDevice) -> str:
    """The code the user's app shows now, or the next one if now's was used already (one use per step)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = max(time.time(), (device.last_t + 1 - device.drift) * device.step + device.t0)
    return f"{totp.token():0{device.digits}d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Set up an authenticator app for the user, as the enrolment page does; returns it and the recovery codes."""
    device = start_enrolment(user)
    codes = confirm_enrolment(device, code=totp_code(device))
    return authenticator_of(user), codes


def force_verified_login(client: Client, user, device: TOTPDevice) -> None:
    """Log the user in as if with password and code."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
