import pytest


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    """Uploaded documents go to a throw-away folder, never under var/."""
    from cases.models import document_storage

    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    document_storage._location = str(settings.DOCUMENTS_ROOT)
    document_storage.__dict__.pop("base_location", None)
    document_storage.__dict__.pop("location", None)
    yield
    document_storage.__dict__.pop("base_location", None)
    document_storage.__dict__.pop("location", None)
