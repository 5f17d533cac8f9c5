from django.urls import path

from congdoan.reports import api

app_name = "api"

urlpatterns = [
    path("indicators/", api.indicators, name="indicators"),
    path("reports/annual/", api.annual_report, name="annual"),
]
