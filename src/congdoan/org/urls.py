from django.urls import path

from congdoan.org import views

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("search/", views.search, name="search"),
    path("restructure/", views.restructure_wizard, name="restructure"),
    path("restructure/plan.csv", views.restructure_csv, name="restructure_csv"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/found/", views.found, name="found"),
    path("<int:pk>/rename/", views.rename, name="rename"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/move-children/", views.move_children, name="move_children"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/split/", views.split, name="split"),
    path("<int:pk>/dissolve/", views.dissolve, name="dissolve"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/workforce/", views.workforce, name="workforce"),
]
