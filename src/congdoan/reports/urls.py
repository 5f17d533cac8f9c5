from django.urls import path

from congdoan.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:report_unit_pk>/", views.dashboard, name="dashboard"),
    path("unit/<int:report_unit_pk>/annual/", views.annual_report, name="annual"),
    path("unit/<int:report_unit_pk>/figure/<str:code>/", views.figure, name="figure"),
]
