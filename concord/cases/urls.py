from django.contrib.auth import views as auth_views
from django.urls import path

from concord.cases import views

app_name = "staff"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("login/", auth_views.LoginView.as_view(template_name="staff/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("cases/<int:case_id>", views.case_detail, name="case"),
    path("cases/<int:case_id>/contacts", views.case_contacts, name="case_contacts"),
    path("cases/<int:case_id>/<str:action>", views.case_action, name="case_action"),
]
