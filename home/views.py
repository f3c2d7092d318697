from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from policy_pages.search import search_pages

from . import notifications as notifications_service
from .forms import QueuedPasswordResetForm, SearchForm, SignInForm


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("password_reset_done")


def search(request):
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    # Policy and guidance results link to the matching paragraph, its words marked.
    page, hits = search_pages(query, request.GET.get("page"), request=request)
    # The header's search box shows the search only here: other pages have queries of their own.
    context = {"form": form, "query": query, "site_search_query": query, "results": page, "hits": hits}
    return render(request, "home/search.html", context, status=400 if form.errors else 200)


def notifications(request):
    from .models import Notification

    page = Paginator(Notification.objects.listed_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "home/notifications.html", {"notifications": page})


@require_POST
def notification_open(request, pk):
    notification = notifications_service.mark_read(request.user, pk)
    if notification is None:
        raise Http404("No such notification")
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("notifications")
    return redirect(target)


@require_POST
def notifications_read_all(request):
    count = notifications_service.mark_all_read(request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications")


@never_cache
@require_GET
def session_status(request):
    """Asked by pages with a form while someone types, and before a late submit: answering
    keeps the session alive (it is written again) and hands out the current CSRF
    token, which changes when the person signs in again in another tab. Signed out, the
    sign-in middleware answers with a redirect instead, and the page keeps what was typed."""
    request.session.modified = True  # always written: this is the keep-alive
    return JsonResponse({"signed_in": True, "csrf_token": get_token(request)})
