"""Appeals on a case, under /cases/<id>/appeals/ (casework namespace)."""

from django.urls import path

from . import appeal_views

urlpatterns = [
    path("<id:pk>/appeals/<id:appeal_pk>/", appeal_views.appeal, name="appeal"),
    path("<id:pk>/appeals/<id:appeal_pk>/decide/", appeal_views.decide, name="appeal_decide"),
    path("<id:pk>/appeals/<id:appeal_pk>/conflict/", appeal_views.conflict, name="appeal_conflict"),
    path("<id:pk>/appeals/<id:appeal_pk>/name/", appeal_views.name_decider, name="appeal_name"),
    path("<id:pk>/appeals/<id:appeal_pk>/documents/<id:document_pk>/", appeal_views.document, name="appeal_document"),
]
