from django.urls import path

from congdoan.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:plan_unit_pk>/", views.unit_plan, name="unit"),
    path("unit/<int:plan_unit_pk>/set/", views.set_target, name="set_target"),
    path("unit/<int:plan_unit_pk>/distribute/", views.distribute, name="distribute"),
    path("unit/<int:plan_unit_pk>/check/", views.check, name="check"),
    path("unit/<int:plan_unit_pk>/export.xlsx", views.export, name="export"),
]
