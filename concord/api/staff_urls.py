"""Staff pages for API tokens, under /staff/api-tokens/."""

from django.urls import path

from concord.api import staff_views

app_name = "api_tokens"

urlpatterns = [
    path("", staff_views.tokens, name="list"),
    path("<int:token_id>/revoke", staff_views.revoke, name="revoke"),
]
