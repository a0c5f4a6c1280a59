import os
import subprocess
import sys
from pathlib import Path

from dpa.checks import secret_key_is_set

ROOT = Path(__file__).resolve().parents[2]


def _environment() -> dict[str, str]:
    """This machine's environment without any Django settings: debug off, no key."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    return {**env, "DATABASE_URL": "sqlite:///:memory:"}


def _manage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=_environment(), capture_output=True, text=True
    )


def test_an_empty_secret_key_fails_the_system_checks(settings):
    settings.SECRET_KEY = ""

    assert [error.id for error in secret_key_is_set(None)] == ["dpa.E001"]


def test_a_secret_key_passes_the_system_checks(settings):
    settings.SECRET_KEY = "a-real-key-for-this-test"

    assert secret_key_is_set(None) == []


def test_without_a_secret_key_the_project_still_loads_but_fails_the_deploy_checks_and_will_not_serve():
    assert _manage("makemigrations", "--check", "--dry-run").returncode == 0

    deploy = _manage("check", "--deploy")
    assert deploy.returncode != 0
    assert "dpa.E001" in deploy.stderr
    serve = subprocess.run(
        [sys.executable, "-c", "import dpa.wsgi"], cwd=ROOT, env=_environment(), capture_output=True, text=True
    )
    assert "SECRET_KEY setting must not be empty" in serve.stderr
