"""Reviews of a case's restrictions, under /cases/<id>/reviews/ (casework namespace)."""

from django.urls import path

from . import review_views

urlpatterns = [
    path("<id:pk>/reviews/<id:review_pk>/", review_views.review, name="review"),
    path("<id:pk>/reviews/<id:review_pk>/record/", review_views.record, name="review_record"),
    path("<id:pk>/reviews/<id:review_pk>/decide/", review_views.decide, name="review_decide"),
]
