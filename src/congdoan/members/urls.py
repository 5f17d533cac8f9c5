from django.urls import include, path

from congdoan.members import views

app_name = "members"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("wards/", views.wards, name="wards"),
    path("unit/<int:pk>/", views.member_list, name="list"),
    path("unit/<int:pk>/admit/", views.admit, name="admit"),
    path("unit/<int:pk>/bulk/", views.bulk, name="bulk"),
    path("<int:person_pk>/", views.detail, name="detail"),
    path("<int:person_pk>/reveal-id/", views.reveal_id, name="reveal_id"),
    path("<int:person_pk>/edit/", views.edit, name="edit"),
    path("<int:person_pk>/transfer/", views.transfer, name="transfer"),
    path("<int:person_pk>/suspend/", views.suspend, name="suspend"),
    path("<int:person_pk>/resume/", views.resume, name="resume"),
    path("<int:person_pk>/leave/", views.leave, name="leave"),
    path("<int:person_pk>/discipline/", views.discipline, name="discipline"),
    path("<int:person_pk>/death/", views.death, name="death"),
    # Cards: printing, e-card, public verification (congdoan.members.card_urls).
    path("", include("congdoan.members.card_urls")),
]
