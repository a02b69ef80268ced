"""URL map: public pages, staff pages, Open311, staff API, admin, health."""

from django.contrib import admin
from django.urls import include, path

from concord import views
from concord.intake import views as intake_views
from concord.notify import views as notify_views
from concord.resolution import views as resolution_views
from concord.risk import views as risk_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staff/regions/", include("concord.intake.poster_urls")),
    path("staff/api-tokens/", include("concord.api.staff_urls")),
    path("staff/alerts/", include("concord.warning.urls")),
    path("staff/notifications/", include("concord.notify.urls")),
    path("staff/help/risk", risk_views.risk_help, name="risk_help"),
    path("staff/help/steps", views.steps_help, name="steps_help"),
    path("staff/hotline", intake_views.hotline, name="hotline"),
    path(
        "staff/cases/<int:case_id>/agreements/<int:agreement_id>",
        resolution_views.agreement_document,
        name="agreement_document",
    ),
    path("staff/", include("concord.cases.urls")),
    path("n/stop/<str:token>", notify_views.stop, name="notify_stop"),
    path("a/<str:code>", resolution_views.agreement_check, name="agreement_check"),
    path("open311/v2/", include("concord.open311.urls")),
    path("api/", include("concord.api.urls")),
    path("", include("concord.intake.urls")),
]
