from django.contrib.auth import views as auth_views
from django.urls import path

from esep.access import views
from esep.access.middleware import before_second_factor

urlpatterns = [
    path("login/", before_second_factor(views.Login.as_view()), name="login"),
    path("logout/", before_second_factor(auth_views.LogoutView.as_view()), name="logout"),
    path("login/code/", views.two_factor_verify, name="two-factor-verify"),
    path("start/", views.start, name="start"),
    path("me/", views.profile, name="profile"),
    path("me/api-tokens/", views.api_token, name="api-token"),
    path("me/api-tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("me/two-factor/", views.two_factor, name="two-factor"),
    path("me/two-factor/enrol/", views.two_factor_enrol, name="two-factor-enrol"),
    path("me/two-factor/codes/", views.two_factor_codes, name="two-factor-codes"),
    path("me/password/", views.PasswordChange.as_view(), name="password_change"),
    path("password/forgot/", views.PasswordReset.as_view(), name="password_reset"),
    path(
        "password/forgot/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="access/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/new/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="access/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/new/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="access/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
