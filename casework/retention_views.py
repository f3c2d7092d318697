"""What the retention schedule will anonymise next, for the head of customer services (404 for
everyone else). Only references and dates: nothing of what is about to go is shown."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from . import permissions
from .models import Anonymisation, CaseworkSettings
from .services import retention


def retention_page(request):
    if not permissions.can_see_retention_schedule(request.user):
        raise Http404("No such page")
    today = timezone.localdate()
    due, access_log = retention.preview(today)
    context = {
        "due": due,
        "access_log": access_log,
        "days": retention.PREVIEW_DAYS,
        "settings": CaseworkSettings.load(),
        "recent": Anonymisation.objects.select_related("case", "red_flag")[:20],
        "today": today,
    }
    return render(request, "casework/retention.html", context)
