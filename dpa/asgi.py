"""
ASGI config for dpa project.

It exposes the ASGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/asgi/
"""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpa.settings")

application = get_asgi_application()

# Refuse to serve without a signing key, rather than fail on the first request that needs one.
settings.SECRET_KEY  # noqa: B018
