from django.urls import include, path

app_name = "members"
urlpatterns = [
    # Cards: printing, e-card, public verification (congdoan.members.card_urls).
    path("", include("congdoan.members.card_urls")),
]
