from django.urls import path

from congdoan.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("attendance.xlsx", views.export_attendance, name="export_attendance"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:session_pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:session_pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:session_pk>/roster/", views.session_roster, name="session_roster"),
    path("sessions/<int:session_pk>/delete/", views.session_delete, name="session_delete"),
]
