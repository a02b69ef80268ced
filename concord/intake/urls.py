from django.urls import path

from concord.followup import views as followup_views
from concord.intake import views

app_name = "intake"
urlpatterns = [
    path("r/", views.locate, name="locate"),
    path("r/<str:region_code>", views.report, name="report"),
    path("t/", views.track_lookup, name="track_lookup"),
    path("t/<str:receipt>", views.track, name="track"),
    # The resident's rating of the resolution, behind a signed link (concord.followup).
    path("t/<str:receipt>/rate/<str:token>", followup_views.rate, name="rate"),
]
