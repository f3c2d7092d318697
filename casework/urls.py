from django.urls import include, path

import intranet.converters  # noqa: F401  (registers <id:…>, a database id of at most 64 bits)

from . import views
from .appeal_urls import urlpatterns as appeal_urlpatterns
from .breach_urls import urlpatterns as breach_urlpatterns
from .complaint_urls import urlpatterns as complaint_urlpatterns
from .letter_urls import urlpatterns as letter_urlpatterns
from .reviews_urls import urlpatterns as review_urlpatterns

app_name = "casework"

urlpatterns = [
    path("report/", views.report, name="report"),
    path("mine/", views.my_reports, name="my_reports"),
    path("awaiting-my-decision/", views.queue, name="queue"),
    path("all/", views.case_list, name="case_list"),
    path("register/", include("casework.register_urls")),
    path("<id:pk>/", views.case_detail, name="case"),
    path("<id:pk>/edit/", views.report, name="edit_draft"),
    path("<id:pk>/delete-draft/", views.discard_draft, name="discard_draft"),
    path("<id:pk>/submitted/", views.submitted, name="submitted"),
    path("<id:pk>/decide/", views.decide, name="decide"),
    path("<id:pk>/ask/", views.ask, name="ask"),
    path("<id:pk>/questions/<id:question_pk>/answer/", views.answer, name="answer"),
    path("<id:pk>/comment/", views.comment, name="comment"),
    path("<id:pk>/sensitive/", views.sensitive, name="sensitive"),
    path("<id:pk>/restrictions/<id:restriction_pk>/in-force/", views.bring_into_force, name="bring_into_force"),
    path("<id:pk>/flags/raise/", views.raise_flag, name="raise_flag"),
    path("<id:pk>/flags/<id:flag_pk>/end/", views.end_flag, name="end_flag"),
    path("<id:pk>/name-someone/", views.name_someone, name="name_someone"),
    path("<id:pk>/timeline/", views.timeline, name="timeline"),
    path("<id:pk>/evidence/<id:file_pk>/", views.evidence, name="evidence"),
    path("<id:pk>/access-log/", views.access_log, name="access_log"),
]

urlpatterns += letter_urlpatterns
urlpatterns += appeal_urlpatterns
urlpatterns += complaint_urlpatterns
urlpatterns += breach_urlpatterns
urlpatterns += review_urlpatterns
