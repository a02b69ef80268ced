from django.urls import path

from concord.notify import views

app_name = "notifications"
urlpatterns = [
    path("", views.notifications, name="list"),
    path("read", views.read, name="read"),
    path("settings", views.preferences, name="preferences"),
    path("failed", views.failed, name="failed"),
]
