from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    # Signing in with a one-time link (no password).
    path("log-ind/", views.LoginRequestView.as_view(), name="login"),
    path("link/", views.LinkView.as_view(), name="link"),
    # The contact's pages: their own company only.
    path("", views.HomeView.as_view(), name="home"),
    path("jobaabninger/ny/", views.OpeningCreateView.as_view(), name="opening_create"),
    path("jobaabninger/<int:pk>/", views.OpeningUpdateView.as_view(), name="opening_update"),
    path("jobaabninger/regler/", views.RulesCheckView.as_view(), name="rules_check"),
    path("virksomhed/", views.CompanyView.as_view(), name="company"),
    path("netvaerksmoeder/<int:pk>/tilmeld/", views.MeetingSignupView.as_view(), name="meeting_signup"),
    path(
        "netvaerksmoeder/<int:pk>/afmeld/", views.MeetingSignupView.as_view(cancel=True), name="meeting_signup_cancel"
    ),
    # The consultant's side.
    path("kontakter/<int:pk>/inviter/", views.ContactInviteView.as_view(), name="contact_invite"),
    path("kontakter/<int:pk>/deaktiver/", views.ContactDeactivateView.as_view(), name="contact_deactivate"),
    path("godkend/<int:pk>/", views.OpeningApproveView.as_view(), name="opening_approve"),
]

urlpatterns += [
    path("unge/<int:pk>/", views.CandidateDetailView.as_view(), name="candidate_detail"),
    path("unge/<int:pk>/samtale/", views.CandidateInterviewView.as_view(), name="candidate_interview"),
    path("unge/<int:pk>/ansat/", views.CandidateHireView.as_view(), name="candidate_hire"),
    path("unge/<int:pk>/ikke-ansat/", views.CandidateNotHiredView.as_view(), name="candidate_not_hired"),
    path("unge/<int:pk>/cv/", views.CandidateCVView.as_view(), name="candidate_cv"),
]

urlpatterns += [
    # The follow-up e-mail's signed link (services.follow_up_link): no sign-in.
    path("opfoelgning/<str:token>/", views.FollowUpAnswerView.as_view(), name="follow_up"),
]
