import pytest


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    """Uploaded documents go to a throw-away folder, never under var/."""
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
