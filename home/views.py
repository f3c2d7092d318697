from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse_lazy
from wagtail.models import Page

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
    results = Page.objects.none()
    if query:
        results = Page.objects.live().specific().search(query)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "home/search.html", {"form": form, "query": query, "results": page})
