from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.identity import record_shown_identities
from cases.models import AccessContext, Document
from cases.permissions import can_see_identity


@require_GET
@never_cache
@staff_member_required
def download_document(request, pk: int):
    """Serve a case document to staff who may see the case and its documents; 404 for everyone else.

    The copy of a letter to a complainant names them: it is served only to staff who may see who
    complained, and each download is logged as a display of the identity."""
    document = Document.objects.visible_to(request.user).select_related("letter__case").filter(pk=pk).first()
    if document is None or not request.user.has_perm("cases.view_document"):
        raise Http404
    letter = document.letter
    names_the_complainant = letter is not None and letter.case_id is not None
    if names_the_complainant and not can_see_identity(request.user):
        raise PermissionDenied
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    shown = [(letter.case.complainant_id, letter.case_id)] if names_the_complainant else []
    return record_shown_identities(request, response, AccessContext.LETTER, shown)
