from django.urls import path

from congdoan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout, name="logout"),
    path("audit/", views.audit, name="audit"),
    path("users/", views.users, name="users"),
    path("roles/<int:role_pk>/revoke/", views.revoke_role, name="revoke_role"),
]
