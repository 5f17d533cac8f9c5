from django.urls import path

from congdoan.care import views

app_name = "care"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("queue/", views.queue, name="queue"),
    path("grants/new/", views.grant_new, name="grant_new"),
    path("grants/bulk/", views.grant_bulk, name="grant_bulk"),
    path("grants/<int:grant_pk>/", views.grant_detail, name="grant_detail"),
    path("grants/<int:grant_pk>/approve/", views.grant_approve, name="grant_approve"),
    path("grants/<int:grant_pk>/reject/", views.grant_reject, name="grant_reject"),
    path("grants/<int:grant_pk>/pay/", views.grant_pay, name="grant_pay"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/new/", views.programme_new, name="programme_new"),
    path("programmes/<int:programme_pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:programme_pk>/edit/", views.programme_edit, name="programme_edit"),
]
