from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from cases import views as case_views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staff/documents/<int:pk>/", case_views.download_document, name="document-download"),
]
