from django.urls import path

from congdoan.imports import views

app_name = "imports"
urlpatterns = [
    path("members/<int:pk>/export/", views.export_members, name="export_members"),
]
