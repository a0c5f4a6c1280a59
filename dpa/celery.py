"""The Celery application: configured from Django settings (``CELERY_*``), tasks found per app."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpa.settings")

app = Celery("dpa")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The file-based broker needs its folders before the first message is written.
for folder in (app.conf.broker_transport_options or {}).values():
    if isinstance(folder, str) and os.path.isabs(folder):
        Path(folder).mkdir(parents=True, exist_ok=True)
