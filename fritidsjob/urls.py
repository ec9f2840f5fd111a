from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("konto/log-ind/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("konto/log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/adgangskode/", views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/adgangskode/skiftet/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Lockout, security log and session limits (issue 13): fritidsjob/security.py, session_limits.py.
    path("konto/sikkerhedslog/", views.SecurityLogView.as_view(), name="security_log"),
    path("konto/session/", views.SessionKeepAliveView.as_view(), name="session_keepalive"),
    path("unge/", include("fritidsjob.app_urls")),
    path("talentvaerksted/", include("talentvaerksted.urls")),
    path("virksomheder/", include("virksomheder.urls")),
    path("mentorer/", include("mentorer.urls")),
    path("foraeldre/", include("foraeldre.urls")),
    path("rapporter/", include("rapporter.urls")),
    path("opgaver/", include("opgaver.urls")),
    path("admin/", admin.site.urls),
]
