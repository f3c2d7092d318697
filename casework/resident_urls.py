from django.urls import path

from . import resident_views

app_name = "residents"

urlpatterns = [
    path("check/", resident_views.check, name="check"),
    path("survey-exclusion/", resident_views.survey_exclusion, name="survey_exclusion"),
]
