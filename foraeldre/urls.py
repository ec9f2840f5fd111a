from django.urls import path

from . import views

app_name = "foraeldre"

urlpatterns = [
    path("", views.ParentListView.as_view(), name="parent_list"),
    path("ny/", views.ParentCreateView.as_view(), name="parent_create"),
    path("<int:pk>/", views.ParentDetailView.as_view(), name="parent_detail"),
    path("<int:pk>/rediger/", views.ParentUpdateView.as_view(), name="parent_update"),
    path("<int:pk>/anonymiser/", views.ParentAnonymisationRequestView.as_view(), name="parent_anonymisation_request"),
    path("<int:pk>/indsigt/", views.ParentInsightView.as_view(), name="parent_insight"),
    path("<int:pk>/kontakter/ny/", views.ParentContactCreateView.as_view(), name="contact_create"),
    path("kontakter/<int:pk>/rediger/", views.ParentContactUpdateView.as_view(), name="contact_update"),
    path("samtykker/ung/<int:pk>/", views.YouthConsentView.as_view(), name="youth_consents"),
    path("samtykker/ung/<int:pk>/nyt/", views.ConsentCreateView.as_view(), name="consent_create"),
    path("samtykker/ung/<int:pk>/send-link/", views.ConsentRequestSendView.as_view(), name="consent_request_send"),
    path("samtykker/<int:pk>/tilbagetraek/", views.ConsentWithdrawView.as_view(), name="consent_withdraw"),
    path("samtykker/<int:pk>/dokument/", views.ConsentDocumentView.as_view(), name="consent_document"),
    path("tilmeldinger/", views.SignUpListView.as_view(), name="signup_list"),
    path("tilmeldinger/<int:pk>/", views.SignUpDetailView.as_view(), name="signup_detail"),
    path("tilmeldinger/<int:pk>/godkend/", views.SignUpAcceptView.as_view(), name="signup_accept"),
    path("tilmeldinger/<int:pk>/afvis/", views.SignUpRejectView.as_view(), name="signup_reject"),
    path("informationsmoeder/", views.InformationEventListView.as_view(), name="event_list"),
    path("informationsmoeder/nyt/", views.InformationEventCreateView.as_view(), name="event_create"),
    path("informationsmoeder/<int:pk>/rediger/", views.InformationEventUpdateView.as_view(), name="event_update"),
    path("guide/", views.GuideView.as_view(), name="guide"),
    path("guide/pdf/<str:language>/", views.GuidePdfView.as_view(), name="guide_pdf"),
    path("guide/afsnit/nyt/", views.GuideSectionCreateView.as_view(), name="guide_section_create"),
    path("guide/afsnit/<int:pk>/slet/", views.GuideSectionDeleteView.as_view(), name="guide_section_delete"),
    path("guide/afsnit/<int:pk>/<str:language>/", views.GuideSectionTextView.as_view(), name="guide_section_text"),
    path("guide/udgaver/ny/", views.GuideEditionView.as_view(), name="guide_edition_create"),
    path("guide/udgaver/<str:language>/", views.GuideEditionView.as_view(), name="guide_edition_update"),
]
