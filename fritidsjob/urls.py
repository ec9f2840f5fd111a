from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from core import views as core_views

from . import account_views, calendar_views, sso, views
from .forms import LoginForm

# How long a reset or invitation link works, for the pages and e-mails that say so.
_LINK_DAYS = {"days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)}

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "konto/log-ind/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    # Single sign-on (fritidsjob/sso.py): 404 while it is not configured.
    path("konto/sso/", sso.SsoLoginView.as_view(), name="sso_login"),
    path("konto/sso/retur/", sso.SsoCallbackView.as_view(), name="sso_callback"),
    path("konto/log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/adgangskode/", views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/adgangskode/skiftet/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Lockout, security log and session limits (issue 13): fritidsjob/security.py, session_limits.py.
    path("konto/sikkerhedslog/", views.SecurityLogView.as_view(), name="security_log"),
    # Who opened which person's data, when and why, and the daily flags of unusual access (issue 14).
    path("konto/adgangslog/", views.AccessLogView.as_view(), name="access_log"),
    path("konto/session/", views.SessionKeepAliveView.as_view(), name="session_keepalive"),
    # Password reset (Django's own views), invitations and the second factor (issue 13).
    path(
        "konto/adgangskode/nulstil/",
        auth_views.PasswordResetView.as_view(extra_email_context=_LINK_DAYS),
        name="password_reset",
    ),
    path(
        "konto/adgangskode/nulstil/sendt/",
        auth_views.PasswordResetDoneView.as_view(extra_context=_LINK_DAYS),
        name="password_reset_done",
    ),
    path(
        "konto/adgangskode/ny/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/adgangskode/ny/faerdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("konto/totrin/", account_views.SecondFactorVerifyView.as_view(), name="second_factor_verify"),
    path("konto/totrin/opsaet/", account_views.SecondFactorSetupView.as_view(), name="second_factor_setup"),
    path("konto/totrin/koder/", account_views.SecondFactorCodesView.as_view(), name="second_factor_codes"),
    path("konto/brugere/", account_views.UserListView.as_view(), name="user_list"),
    path("konto/brugere/inviter/", account_views.UserInviteView.as_view(), name="user_invite"),
    path(
        "konto/brugere/<int:pk>/nulstil-totrin/",
        account_views.SecondFactorResetView.as_view(),
        name="second_factor_reset",
    ),
    # The municipality's logo in the page header (issue 20; opsaet_kommune --logo).
    path("kommune/logo/", core_views.municipality_logo, name="municipality_logo"),
    # The accessibility statement (public) and /was, its short address (Digitaliseringsstyrelsen's guidance).
    path("tilgaengelighed/", core_views.AccessibilityStatementView.as_view(), name="accessibility_statement"),
    re_path(r"^was/?$", core_views.accessibility_statement_short, name="accessibility_statement_short"),
    # Issue 19: the calendar of sessions, meetings and follow-ups, and its secret iCal feed.
    path("kalender/", calendar_views.CalendarView.as_view(), name="calendar"),
    path("kalender/link/", calendar_views.CalendarFeedLinkView.as_view(), name="calendar_feed_renew"),
    path(
        "kalender/link/slaa-fra/", calendar_views.CalendarFeedLinkView.as_view(revoke=True), name="calendar_feed_revoke"
    ),
    path("kalender/feed/<str:token>.ics", calendar_views.CalendarFeedView.as_view(), name="calendar_feed"),
    # Issue 19: one search across the apps (core/search.py), from the top bar.
    path("soeg/", core_views.SearchView.as_view(), name="search"),
    path("unge/", include("fritidsjob.app_urls")),
    path("talentvaerksted/", include("talentvaerksted.urls")),
    path("virksomheder/", include("virksomheder.urls")),
    path("mentorer/", include("mentorer.urls")),
    path("foraeldre/", include("foraeldre.urls")),
    # The families' public pages (no login): sign-up and digital consent (issue 17).
    path("familie/", include("foraeldre.public_urls")),
    path("rapporter/", include("rapporter.urls")),
    path("opgaver/", include("opgaver.urls")),
    path("admin/", admin.site.urls),
]

# Danish error pages (issue 13): 403, 404 and 500 are templates/<code>.html; 400 says why.
handler400 = "core.views.bad_request"
