from django.contrib.auth import views as auth_views
from django.urls import path

from keten.accounts import manage_views, organisation_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.two_factor_view, name="two_factor"),
    path("login/set-up-code/", views.enrol_view, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("recovery-codes/", views.recovery_codes_view, name="recovery_codes"),
    path("recovery-codes/new/", views.new_recovery_codes_view, name="new_recovery_codes"),
    path("work/", views.home_view, name="home"),
    path("work/switch/", views.switch_membership_view, name="switch_membership"),
    path("work/invitations/", views.invitations_view, name="invitations"),
    path(
        "work/invitations/<int:invitation_id>/answer/",
        views.answer_invitation_view,
        name="answer_invitation",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/set/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("manage/people/", manage_views.people_view, name="people"),
    path("manage/organisations/", organisation_views.organisations_view, name="organisations"),
    path("manage/people/invite/", manage_views.invite_view, name="invite"),
    path(
        "manage/memberships/<int:membership_id>/end/", manage_views.end_membership_view, name="end_membership"
    ),
    path(
        "manage/people/<int:user_id>/reset-code/",
        manage_views.reset_second_factor_view,
        name="reset_second_factor",
    ),
]
