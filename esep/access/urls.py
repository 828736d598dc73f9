from django.contrib.auth import views as auth_views
from django.urls import path

from esep.access import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.profile, name="profile"),
    path("me/api-token/", views.api_token, name="api-token"),
]
