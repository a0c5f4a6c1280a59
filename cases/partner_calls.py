"""The record of partners' calls to the API, one row per call, written once the response is ready."""

from django.utils import timezone

from cases import services

API_PREFIX = "/api/"


class PartnerCallLog:
    """After a request under ``/api/`` made with a partner client's token, notes its method, path and
    status. The API's authentication (``cases.partner_oauth.PartnerAuthentication``) says whose it was."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        client = getattr(request, "partner_client", None)
        if client is not None and request.path.startswith(API_PREFIX):
            services.record_call(
                client, method=request.method, path=request.path, status_code=response.status_code, now=timezone.now()
            )
        return response
