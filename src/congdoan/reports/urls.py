from django.urls import path

from congdoan.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:report_unit_pk>/annual/", views.annual_report, name="annual"),
]
