"""The families' public pages: no login (LoginRequiredMiddleware is told so per view)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

app_name = "familie"

urlpatterns = [
    path("tilmeld/", login_not_required(views.SignUpPublicView.as_view()), name="signup"),
    path("samtykke/<str:token>/", login_not_required(views.FamilyConsentView.as_view()), name="consent"),
    path(
        "samtykke/<str:token>/kvittering/",
        login_not_required(views.FamilyConsentReceiptView.as_view()),
        name="consent_receipt",
    ),
]
