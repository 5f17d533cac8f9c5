from django.urls import path

from congdoan.imports import upload_views, views

app_name = "imports"
urlpatterns = [
    path("members/<int:pk>/export/", views.export_members, name="export_members"),
    # importing a member list through the browser (upload_views.py)
    path("members/<int:pk>/import/", upload_views.upload_members, name="upload_members"),
    path("members/template.xlsx", upload_views.member_template, name="member_template"),
    path("jobs/<int:job_pk>/", upload_views.job_page, name="job"),
    path("jobs/<int:job_pk>/confirm/", upload_views.confirm_job, name="confirm_job"),
    path("jobs/<int:job_pk>/cancel/", upload_views.cancel_job, name="cancel_job"),
    path("jobs/<int:job_pk>/marked.xlsx", upload_views.marked_file, name="marked_file"),
    path("jobs/<int:job_pk>/rejects.xlsx", upload_views.rejects_file, name="rejects_file"),
    # importing any registered record kind (records.register): the kind is the first word, after
    # the fixed words above ("members", "jobs"), which are not kinds
    path("<slug:kind>/", upload_views.choose_records_unit, name="upload_records"),
    path("<slug:kind>/<int:pk>/", upload_views.upload_records, name="upload_records"),
    path("<slug:kind>/<int:pk>/template.xlsx", upload_views.record_template, name="record_template"),
]
