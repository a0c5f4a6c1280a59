from django.urls import path

from cases.api.referrals import ReferralDetail, ReferralList
from cases.api.statistics import ComplaintStatistics

app_name = "cases-api"

urlpatterns = [
    path("referrals/", ReferralList.as_view(), name="referrals"),
    path("referrals/<str:reference>/", ReferralDetail.as_view(), name="referral"),
    path("statistics/", ComplaintStatistics.as_view(), name="statistics"),
]
