from django.urls import path

from cases.api.statistics import ComplaintStatistics

app_name = "cases-api"

urlpatterns = [
    path("statistics/", ComplaintStatistics.as_view(), name="statistics"),
]
