from django.urls import path

from . import views

app_name = "mentorer"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("liste/", views.MentorListView.as_view(), name="mentor_list"),
    path("ny/", views.MentorCreateView.as_view(), name="mentor_create"),
    path("<int:pk>/", views.MentorDetailView.as_view(), name="mentor_detail"),
    path("<int:pk>/rediger/", views.MentorUpdateView.as_view(), name="mentor_update"),
    path("<int:pk>/portaladgang/", views.MentorPortalInviteView.as_view(), name="mentor_portal_invite"),
    path("ung/<int:youth_pk>/forslag/", views.SuggestionsView.as_view(), name="suggestions"),
    path("ung/<int:youth_pk>/forloeb/nyt/", views.RelationshipCreateView.as_view(), name="relationship_create"),
    path("forloeb/<int:pk>/", views.RelationshipDetailView.as_view(), name="relationship_detail"),
    path("forloeb/<int:pk>/rediger/", views.RelationshipUpdateView.as_view(), name="relationship_update"),
    path("forloeb/<int:pk>/afslut/", views.RelationshipEndView.as_view(), name="relationship_end"),
    path("forloeb/<int:pk>/moeder/nyt/", views.SessionCreateView.as_view(), name="session_create"),
    path("portal/", views.PortalView.as_view(), name="portal"),
    path("portal/forloeb/<int:pk>/moede/", views.PortalSessionCreateView.as_view(), name="portal_session_create"),
]
