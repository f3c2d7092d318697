"""The letters of a case, under /cases/<id>/letters/ (casework namespace)."""

from django.urls import path

from . import letter_views

urlpatterns = [
    path("<id:pk>/letters/", letter_views.letter_list, name="letters"),
    path("<id:pk>/letters/prepare/", letter_views.prepare, name="letter_prepare"),
    path("<id:pk>/letters/<id:letter_pk>/", letter_views.letter, name="letter"),
    path("<id:pk>/letters/<id:letter_pk>/preview/", letter_views.preview, name="letter_preview"),
    path("<id:pk>/letters/<id:letter_pk>/issue/", letter_views.issue, name="letter_issue"),
    path("<id:pk>/letters/<id:letter_pk>/reissue/", letter_views.reissue, name="letter_reissue"),
    path("<id:pk>/letters/<id:letter_pk>/pdf/", letter_views.download, name="letter_pdf"),
]
