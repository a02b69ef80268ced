"""Early-warning pages under /staff/alerts/."""

from django.urls import path

from concord.warning import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<int:alert_id>", views.alert_detail, name="detail"),
    path("<int:alert_id>/<str:step>", views.alert_action, name="action"),
]
