from django.urls import path

from . import views
from .progression import views as progression_views

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
    # Progression (issue 18): answering with staff or alone (the one-time link), notes, the questionnaires.
    path("<int:pk>/progression/", progression_views.StaffAnswerView.as_view(), name="progression_answer"),
    path("svar/<str:token>/", progression_views.LinkAnswerView.as_view(), name="progression_answer_link"),
    path(
        "progression/besvarelser/<int:pk>/note/",
        progression_views.ResponseNoteView.as_view(),
        name="progression_note",
    ),
    path(
        "progression/spoergeskemaer/",
        progression_views.QuestionnaireListView.as_view(),
        name="questionnaire_list",
    ),
    path(
        "progression/spoergeskemaer/<int:pk>/",
        progression_views.QuestionnaireDetailView.as_view(),
        name="questionnaire_detail",
    ),
    path("progression/udsagn/<int:pk>/", progression_views.ItemUpdateView.as_view(), name="questionnaire_item"),
    path(
        "progression/udsagn/<int:pk>/tag-ud/",
        progression_views.ItemRetireView.as_view(),
        name="questionnaire_item_retire",
    ),
]
