from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.home, name="home"),
    path("guidance/", views.index, name="index"),
    path("guidance/feed/", views.feed, name="feed"),
    path("guidance/preview/<str:token>/", views.preview, name="preview"),
    path("guidance/<slug:slug>/", views.detail, name="detail"),
    path("guidance/<slug:slug>/versions/", views.versions, name="versions"),
]
