from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

import intranet.converters  # noqa: F401  (registers <id:…>, a database id of at most 64 bits)

from . import views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    # Wagtail's own sign-in pages would bypass the intranet's throttled one.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("_util/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("session/", views.session_status, name="session_status"),
    path("search/", views.search, name="search"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<id:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
]
