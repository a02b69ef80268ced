"""GeoReport v2 routes; every one takes a .json or .xml suffix."""

from django.urls import re_path

from concord.open311 import views

app_name = "open311"
FMT = r"\.(?P<fmt>json|xml)$"
urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.services, name="services"),
    re_path(r"^services/(?P<code>[\w-]+)" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.requests_view, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/.]+)" + FMT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[\w-]+)" + FMT, views.token_detail, name="token"),
    re_path(r"^servicerequestupdates" + FMT, views.request_updates, name="updates"),
]
