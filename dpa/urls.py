from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from cases import views as case_views
from guidance import views as guidance_views
from guidance.sitemaps import SITEMAPS

urlpatterns = [
    path("", guidance_views.to_visitors_language, name="root"),
    path("robots.txt", guidance_views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # A publication's files have one address in both languages: published pages link to it.
    path("guidance/files/<slug:slug>/<str:name>", guidance_views.download_file, name="guidance-file"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staff/documents/<int:pk>/", case_views.download_document, name="document-download"),
    *i18n_patterns(path("", include("guidance.urls")), prefix_default_language=True),
]
