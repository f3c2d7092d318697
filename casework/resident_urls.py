from django.urls import path

from . import appeal_views, breach_views, resident_views

app_name = "residents"

urlpatterns = [
    path("check/", resident_views.check, name="check"),
    path("restrictions/<id:restriction_pk>/appeal/", appeal_views.record, name="record_appeal"),
    path("restrictions/<id:restriction_pk>/breach/", breach_views.record, name="record_breach"),
    path("survey-exclusion/", resident_views.survey_exclusion, name="survey_exclusion"),
]
