"""New complaints and no-reply items on a case, under /cases/ (casework namespace)."""

from django.urls import path

from . import complaint_views

urlpatterns = [
    path("complaints/", complaint_views.new_complaints, name="new_complaints"),
    path("to-read/", complaint_views.to_read, name="to_read"),
    path("<id:pk>/complaints/<id:complaint_pk>/", complaint_views.new_complaint, name="new_complaint"),
    path(
        "<id:pk>/complaints/<id:complaint_pk>/decide/",
        complaint_views.decide_new_complaint,
        name="new_complaint_decide",
    ),
    path(
        "<id:pk>/complaints/<id:complaint_pk>/delegate/",
        complaint_views.delegate_new_complaint,
        name="new_complaint_delegate",
    ),
    path("<id:pk>/no-reply/<id:item_pk>/", complaint_views.no_reply_item, name="no_reply_item"),
    path("<id:pk>/no-reply/<id:item_pk>/read/", complaint_views.mark_read, name="no_reply_read"),
]
