"""
WSGI config for dpa project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpa.settings")

application = get_wsgi_application()

# Refuse to serve without a signing key, rather than fail on the first request that needs one.
settings.SECRET_KEY  # noqa: B018
