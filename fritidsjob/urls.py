from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import sso, views
from .forms import LoginForm

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
    path("konto/adgangskode/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/adgangskode/skiftet/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("unge/", include("fritidsjob.app_urls")),
    path("talentvaerksted/", include("talentvaerksted.urls")),
    path("virksomheder/", include("virksomheder.urls")),
    path("mentorer/", include("mentorer.urls")),
    path("foraeldre/", include("foraeldre.urls")),
    path("rapporter/", include("rapporter.urls")),
    path("opgaver/", include("opgaver.urls")),
    path("admin/", admin.site.urls),
]

# Danish error pages (issue 13): 403, 404 and 500 are templates/<code>.html; 400 says why.
handler400 = "core.views.bad_request"
