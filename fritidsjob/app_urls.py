from django.urls import path

from . import views

app_name = "fritidsjob"

urlpatterns = [
    path("", views.YouthListView.as_view(), name="youth_list"),
    path("ny/", views.YouthCreateView.as_view(), name="youth_create"),
    path("<int:pk>/", views.YouthDetailView.as_view(), name="youth_detail"),
    path("<int:pk>/rediger/", views.YouthUpdateView.as_view(), name="youth_update"),
    path("<int:pk>/slet/", views.YouthDeleteView.as_view(), name="youth_delete"),
    path("<int:pk>/journal/", views.JournalEntryCreateView.as_view(), name="journal_create"),
    # Issue 19: "Udskriv sag", the case page as a PDF (logged as an access).
    path("<int:pk>/udskriv.pdf", views.YouthPrintView.as_view(), name="youth_print"),
    path("<int:pk>/revisionsspor/", views.YouthAuditTrailView.as_view(), name="youth_audit"),
    path("<int:pk>/anonymiser/", views.AnonymisationRequestView.as_view(), name="anonymisation_request"),
    path("<int:pk>/tilbagehold/", views.RetentionHoldView.as_view(), name="retention_hold"),
    path("<int:pk>/tilbagehold/ophaev/", views.RetentionHoldView.as_view(lift=True), name="retention_hold_lift"),
    path("opbevaring/", views.RetentionView.as_view(), name="retention"),
    path(
        "anonymiseringer/<int:pk>/godkend/",
        views.AnonymisationDecisionView.as_view(approve=True),
        name="anonymisation_approve",
    ),
    path(
        "anonymiseringer/<int:pk>/afvis/",
        views.AnonymisationDecisionView.as_view(approve=False),
        name="anonymisation_reject",
    ),
    path("<int:pk>/indsigt/", views.YouthInsightView.as_view(), name="youth_insight"),
]
