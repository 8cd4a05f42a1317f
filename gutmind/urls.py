from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from gutmind import pwa, views

# Staff sign in through allauth too: one login page, with its rate limits and 2FA.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]  # allauth's documented wrap
admin.site.site_header = "GutMind content"
admin.site.site_title = "GutMind admin"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico whatever the page says (admin, error pages, feeds).
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    # Your data keeps its /settings/data/ addresses; the app lives in apps/yourdata.
    path("settings/data/", include("apps.yourdata.urls")),
    path("settings/", include("apps.accounts.urls")),
    path("", include("apps.lifestyle.urls")),
    path("checkins/", include("apps.mood.urls")),
    path("articles/", include("apps.articles.urls")),
    path("", include("apps.articles.sitemap_urls")),
    path("", include("apps.dashboard.urls")),
    path("experiments/", include("apps.experiments.urls")),
    path("reminders/", include("apps.reminders.urls")),
    path("", include("apps.checkups.urls")),
    path("", include("apps.report.urls")),
]

# Uploaded article images under `make run`; in production the web server or a bucket serves them.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
