"""The staff API under /api/: endpoints, their OpenAPI schema and its browsable docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from concord.api import resolution, views
from concord.api.errors import not_found

app_name = "api"

# One component per choice set that several fields share.
ENUM_NAMES = {
    "StatusEnum": "concord.cases.models.Status",
    "RejectionReasonEnum": "concord.cases.models.RejectionReason",
    "ActionEnum": "concord.api.serializers.ACTION_CHOICES",
    "RoleEnum": "concord.accounts.models.Role",
    "UnitKindEnum": "concord.accounts.models.UnitKind",
}

endpoints = [
    path("me/", views.MeView.as_view(), name="me"),
    path("cases/", views.CaseListView.as_view(), name="cases"),
    # str, not int: a malformed id gets the API's JSON 404, not the HTML page.
    path("cases/<str:case_id>/", views.CaseDetailView.as_view(), name="case"),
    path("cases/<str:case_id>/notes/", views.CaseNotesView.as_view(), name="case_notes"),
    path("cases/<str:case_id>/resolution/", resolution.CaseResolutionView.as_view(), name="case_resolution"),
    path("cases/<str:case_id>/channels/", resolution.CaseChannelsView.as_view(), name="case_channels"),
    *[
        path(f"cases/<str:case_id>/{views.action_path(action)}/", view.as_view(), name=f"case_{action}")
        for action, view in views.ACTION_VIEWS.items()
    ],
]

urlpatterns = [
    *endpoints,
    path(
        "schema/",
        SpectacularAPIView.as_view(
            # Only this API (as mounted in concord/urls.py), not other DRF views of the site.
            patterns=[path("api/", include(endpoints))],
            authentication_classes=[],
            permission_classes=[AllowAny],
            custom_settings={"ENUM_NAME_OVERRIDES": ENUM_NAMES},
        ),
        name="schema",
    ),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", views.RedocView.as_view(url_name="api:schema"), name="redoc"),
    re_path(r"^(?P<path>.*)$", not_found),
]
