from django.urls import include, path

from . import views

app_name = "virksomheder"

urlpatterns = [
    path("", views.CompanyListView.as_view(), name="company_list"),
    path("ny/", views.CompanyCreateView.as_view(), name="company_create"),
    path("cvr/", views.CompanyCvrLookupView.as_view(), name="company_cvr_lookup"),
    path("postnummer/", views.CompanyTownView.as_view(), name="company_town"),
    path("branchekoder/", views.IndustryCodeMappingView.as_view(), name="industry_code_mappings"),
    path("programtekst/", views.ProgrammeTextView.as_view(), name="programme_text"),
    path("<int:pk>/", views.CompanyDetailView.as_view(), name="company_detail"),
    path("<int:pk>/rediger/", views.CompanyUpdateView.as_view(), name="company_update"),
    path("<int:pk>/kontaktpersoner/ny/", views.ContactPersonCreateView.as_view(), name="contact_create"),
    path("<int:pk>/vejledninger/ny/", views.GuidanceCreateView.as_view(), name="guidance_create"),
    path("netvaerksmoeder/", views.NetworkMeetingListView.as_view(), name="meeting_list"),
    path("netvaerksmoeder/nyt/", views.NetworkMeetingCreateView.as_view(), name="meeting_create"),
    path("netvaerksmoeder/<int:pk>/rediger/", views.NetworkMeetingUpdateView.as_view(), name="meeting_update"),
    path("jobaabninger/", views.OpeningBoardView.as_view(), name="opening_board"),
    path("jobaabninger/ny/", views.OpeningCreateView.as_view(), name="opening_create"),
    path("jobaabninger/<int:pk>/", views.OpeningDetailView.as_view(), name="opening_detail"),
    path("jobaabninger/<int:pk>/rediger/", views.OpeningUpdateView.as_view(), name="opening_update"),
    path("jobaabninger/<int:pk>/status/", views.OpeningStatusView.as_view(), name="opening_status"),
    path("unge/<int:pk>/job/", views.YouthMatchesView.as_view(), name="youth_matches"),
    path("unge/<int:pk>/ansaettelse/ny/", views.PlacementCreateView.as_view(), name="placement_create"),
    path("match/nyt/", views.MatchCreateView.as_view(), name="match_create"),
    path("match/<int:pk>/send/", views.MatchSendView.as_view(), name="match_send"),
    path("match/<int:pk>/samtale/", views.MatchInterviewView.as_view(), name="match_interview"),
    path("match/<int:pk>/afvis/", views.MatchRejectView.as_view(), name="match_reject"),
    path("ansaettelser/", views.PlacementListView.as_view(), name="placement_list"),
    path("ansaettelser/<int:pk>/", views.PlacementDetailView.as_view(), name="placement_detail"),
    path("ansaettelser/<int:pk>/rediger/", views.PlacementUpdateView.as_view(), name="placement_update"),
    path("opfoelgninger/<int:pk>/", views.FollowUpCompleteView.as_view(), name="followup_complete"),
    # The company portal (issue 16): virksomheder/portal/.
    path("portal/", include("virksomheder.portal.urls")),
]
