from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from incidents import partner_views

from . import views
from .accounts import RateLimitedAuthenticationForm
from .api import profile
from .observability import metrics_view

admin.site.site_header = "Crisiscentre"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("sessie", views.session_ping, name="session_ping"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=RateLimitedAuthenticationForm
        ),
        name="login",
    ),
    # Password reset by e-mail: Django's views, Dutch templates in templates/registration/.
    path(
        "accounts/wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/wachtwoord-herstellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "partner/uitnodiging/<str:token>/",
        partner_views.partner_accept,
        name="partner_accept",
    ),
    path("admin/", admin.site.urls),
    path("profiel/", profile.profile, name="profile"),
    path("profiel/tokens/nieuw/", profile.token_create, name="profile_token_create"),
    path(
        "profiel/tokens/<int:token_pk>/intrekken/",
        profile.token_revoke,
        name="profile_token_revoke",
    ),
    path("api/", include("crisiscentre.api.urls")),
    path("", include("incidents.urls")),
    path("", include("playbook.urls")),
    path("", include("escalation.urls")),
    path("", include("communication.urls")),
    path("", include("notifications.urls")),
    path("", include("sitreps.urls")),
    path("", include("exchange.urls")),
    path("", include("aftermath.urls")),
    path("", include("meetings.urls")),
]

# Dutch error pages in the base layout; htmx requests get a sentence for the flash.
handler400 = "crisiscentre.errors.bad_request"
handler403 = "crisiscentre.errors.permission_denied"
handler404 = "crisiscentre.errors.page_not_found"
handler500 = "crisiscentre.errors.server_error"
