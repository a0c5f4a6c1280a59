from csp.decorators import csp_update
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider import views as oauth2_views

from cases import views as case_views
from guidance import views as guidance_views
from guidance.sitemaps import SITEMAPS

handler404 = "dpa.api_errors.not_found"

urlpatterns = [
    path("", guidance_views.to_visitors_language, name="root"),
    path("robots.txt", guidance_views.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # A publication's files have one address in both languages: published pages link to it.
    path("guidance/files/<slug:slug>/<str:name>", guidance_views.download_file, name="guidance-file"),
    # OAuth2 client credentials only: partners get and revoke tokens, nobody authorises anything.
    path("o/token/", oauth2_views.TokenView.as_view(), name="oauth2-token"),
    path("o/revoke_token/", oauth2_views.RevokeTokenView.as_view(), name="oauth2-revoke-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI draws its icons as data: images; nothing else on the page loosens the policy.
    path(
        "api/docs/",
        csp_update({"img-src": ["data:"]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("api/v1/", include("guidance.api")),
    path("api/v1/", include("cases.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staff/documents/<int:pk>/", case_views.download_document, name="document-download"),
    *i18n_patterns(path("", include("guidance.urls")), prefix_default_language=True),
]
