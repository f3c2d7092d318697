from django.urls import path

from . import appeal_views, breach_views, complaint_views, resident_views

app_name = "residents"

urlpatterns = [
    path("check/", resident_views.check, name="check"),
    path("check/restrictions/<id:restriction_pk>/", resident_views.check_restriction, name="check_restriction"),
    path("restrictions/<id:restriction_pk>/appeal/", appeal_views.record, name="record_appeal"),
    path("warnings/<id:warning_pk>/appeal/", appeal_views.record_on_warning, name="record_warning_appeal"),
    path(
        "restrictions/<id:restriction_pk>/new-complaint/",
        complaint_views.log_new_complaint,
        name="log_new_complaint",
    ),
    path("restrictions/<id:restriction_pk>/no-reply/", complaint_views.log_no_reply_item, name="log_no_reply_item"),
    path("restrictions/<id:restriction_pk>/breach/", breach_views.record, name="record_breach"),
    path("survey-exclusion/", resident_views.survey_exclusion, name="survey_exclusion"),
]
