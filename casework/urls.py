from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("report/", views.report, name="report"),
    path("mine/", views.my_reports, name="my_reports"),
    path("awaiting-my-decision/", views.queue, name="queue"),
    path("all/", views.case_list, name="case_list"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/edit/", views.report, name="edit_draft"),
    path("<int:pk>/submitted/", views.submitted, name="submitted"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/ask/", views.ask, name="ask"),
    path("<int:pk>/questions/<int:question_pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/sensitive/", views.sensitive, name="sensitive"),
    path("<int:pk>/name-someone/", views.name_someone, name="name_someone"),
    path("<int:pk>/timeline/", views.timeline, name="timeline"),
    path("<int:pk>/evidence/<int:file_pk>/", views.evidence, name="evidence"),
    path("<int:pk>/access-log/", views.access_log, name="access_log"),
]
