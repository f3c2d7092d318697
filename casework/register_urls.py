"""The register's addresses, included under the casework URLs (and so sent with no-store)."""

from django.urls import path

from . import board_views, register_views, retention_views

urlpatterns = [
    path("", register_views.register_page, name="register"),
    path("register.csv", register_views.register_csv, name="register_csv"),
    path("register.xlsx", register_views.register_xlsx, name="register_xlsx"),
    path("equality/", register_views.equality_page, name="equality"),
    path("board/", board_views.board_report_page, name="board_report"),
    path("board/report.pdf", board_views.board_report_pdf, name="board_report_pdf"),
    path("board/chart/<slug:name>.svg", board_views.board_chart, name="board_chart"),
    path("retention/", retention_views.retention_page, name="retention"),
]
