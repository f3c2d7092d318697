"""Breaches and refusing all contact on a case, under /cases/<id>/ (casework namespace)."""

from django.urls import path

from . import breach_views

urlpatterns = [
    path("<id:pk>/restrictions/<id:restriction_pk>/breach/", breach_views.record_on_case, name="record_case_breach"),
    path(
        "<id:pk>/restrictions/<id:restriction_pk>/refuse-all-contact/",
        breach_views.refuse_all_contact,
        name="refuse_all_contact",
    ),
    path("<id:pk>/breaches/<id:breach_pk>/documents/<id:document_pk>/", breach_views.document, name="breach_document"),
]
