from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.views.generic import RedirectView

from articles.account_views import SetPasswordView


class FaviconRedirect(RedirectView):
    """/favicon.ico -> the SVG icon, its URL looked up per request (a hashed name in production)."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


def _reset_link_lifetime() -> str:
    now = timezone.now()
    return timeuntil(now + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT), now)


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="articles:list", permanent=False)),
    path("favicon.ico", login_not_required(FaviconRedirect.as_view())),
    # Django's auth views (log in/out; password change for any logged-in user; password reset
    # by email, whose views Django marks login_not_required); templates in templates/registration/
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context={"link_lifetime": _reset_link_lifetime()}),
        name="password_reset_done",
    ),
    # the invitation / reset link: logs the member in once the password is set (account_views)
    path("accounts/reset/<uidb64>/<token>/", SetPasswordView.as_view(), name="password_reset_confirm"),
    path("accounts/", include("django.contrib.auth.urls")),
    # set_language (POST, CSRF-checked): the interface language chosen on the account page
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/match/", include("articles.match_admin_urls")),  # the admin's "find matches" page
    path("admin/", admin.site.urls),
    path("articles/", include("articles.urls")),
    path("jobs/", include("articles.job_urls")),
    path("account/", include("articles.account_urls")),
    path("webhooks/", include("articles.webhook_urls")),
    path("factchecks/", include("articles.factcheck_urls")),
    path("matches/", include("articles.match_urls")),
    path("api/v1/", include("articles.api.urls")),
    path("team/", include("articles.team_urls")),  # members, rating scale, comments, notifications, dashboard
]

# a clear page for a request Django refuses before any view (a paste over the request limit,
# too many fields, an unknown host); it takes effect with DEBUG off
handler400 = "factcheck.errors.bad_request"
