from django.urls import path

from congdoan.emulation import views

app_name = "emulation"

urlpatterns = [
    path("", views.index, name="index"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:campaign_pk>/", views.campaign_detail, name="campaign"),
    path("initiatives/", views.initiative_list, name="initiatives"),
    path("initiatives/new/", views.initiative_new, name="initiative_new"),
    path("initiatives/<int:initiative_pk>/", views.initiative_detail, name="initiative"),
    path(
        "initiatives/<int:initiative_pk>/recognise/", views.initiative_recognise, name="initiative_recognise"
    ),
    path("initiatives/<int:initiative_pk>/award/", views.initiative_award, name="initiative_award"),
    path("initiatives/<int:initiative_pk>/edit/", views.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:initiative_pk>/delete/", views.initiative_delete, name="initiative_delete"),
    path("creative-awards/", views.creative_award_list, name="creative_awards"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/new/", views.decision_new, name="decision_new"),
    path("decisions/<int:decision_pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:decision_pk>/print/", views.decision_print, name="decision_print"),
    path("decisions/<int:decision_pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("gradings/", views.grading_list, name="gradings"),
    path("gradings/new/", views.grading_new, name="grading_new"),
    path("gradings/<int:grading_pk>/", views.grading_detail, name="grading"),
    path("gradings/<int:grading_pk>/edit/", views.grading_edit, name="grading_edit"),
    path("gradings/<int:grading_pk>/delete/", views.grading_delete, name="grading_delete"),
]
