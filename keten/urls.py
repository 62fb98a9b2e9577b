from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import include, path

from keten import views
from keten.accounts.admin_site import InstallationAdminSite
from keten.api.api import api
from keten.api.docs import api_docs
from keten.knowledge.sitemaps import SITEMAPS
from keten.ops import views as ops_views

# The technical admin asks for the second factor like every other page, and lets in only the
# installation's administrators.
admin.site.__class__ = InstallationAdminSite

urlpatterns = [
    path("api/v1/docs", api_docs, name="api_docs"),
    path("api/v1/", api.urls),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.health, name="health"),
    path("readyz", ops_views.ready, name="ready"),
    path("metrics", ops_views.prometheus, name="metrics"),
    path("sitemap.xml", sitemap_view, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("baseline", views.baseline, name="baseline"),
]
urlpatterns += i18n_patterns(
    path("", include("keten.knowledge.urls")),
    path("accounts/", include("keten.accounts.urls")),
    path("accounts/api-tokens/", include("keten.api.urls")),
    path("audit/", include("keten.audit.urls")),
    path("screening/", include("keten.screening.urls")),
    path("report/", include("keten.intake.urls")),
    path("cases/", include("keten.cases.urls")),
    path("referrals/", include("keten.referrals.urls")),
    path("links/", include("keten.links.urls")),
    path("figures/", include("keten.statistics.urls")),
    path("training/", include("keten.training.urls")),
    path("suggestions/", include("keten.suggestions.urls")),
    path("admin/", admin.site.urls),
)

handler400 = "keten.views.bad_request"
handler403 = "keten.views.permission_denied"
handler404 = "keten.views.page_not_found"
handler500 = "keten.views.server_error"
