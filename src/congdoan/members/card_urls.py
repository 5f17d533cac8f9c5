"""Member cards: printing, the e-card and the public verify page (included under /members/)."""

from django.urls import path

from congdoan.members import card_views

urlpatterns = [
    path("<int:person_pk>/card.pdf", card_views.card_pdf, name="card_pdf"),
    path("unit/<int:pk>/cards.pdf", card_views.unit_cards_pdf, name="unit_cards_pdf"),
    path("<int:person_pk>/ecard/", card_views.ecard, name="ecard"),
    # Public: what a third party sees after scanning the QR code (name, unit, status only).
    path("verify/<str:token>/", card_views.verify, name="verify"),
]
