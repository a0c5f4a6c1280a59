from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.models import Document


@require_GET
@never_cache
@staff_member_required
def download_document(request, pk: int):
    """Serve a case document to staff who may see the case and its documents; 404 for everyone else."""
    document = Document.objects.visible_to(request.user).filter(pk=pk).first()
    if document is None or not request.user.has_perm("cases.view_document"):
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
