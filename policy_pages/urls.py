from django.urls import path

import intranet.converters  # noqa: F401  (registers <id:…>, a database id of at most 64 bits)

from . import views

app_name = "policy_pages"

# The index page of the library is a Wagtail page at /policies-and-guidance/; its own
# views live under /policies-and-guidance/library/ ("library" is a reserved page slug).
urlpatterns = [
    path("library/read-report/", views.read_report, name="read_report"),
    path("library/read-report/<id:page_id>/", views.read_report, name="read_report_for"),
    path("library/read-report/<id:page_id>/csv/", views.read_report_csv, name="read_report_csv"),
    path("library/<id:page_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("library/versions/<id:version_id>/", views.version, name="version"),
]
