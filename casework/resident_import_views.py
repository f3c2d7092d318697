"""The residents' import in the Wagtail admin, for the head of customer services: upload the
housing system's CSV, read what it would change, then apply it (or not)."""

import uuid

from django.core.files.base import ContentFile
from django.http import Http404
from django.shortcuts import render

from . import permissions
from .models import private_storage
from .register_forms import ResidentImportForm
from .services.residents_import import ImportRefused, file_columns, import_residents

SESSION_KEY = "casework_resident_import"
TEMPLATE = "casework/admin/import_residents.html"


def _context(**extra):
    return {
        "header_title": "Import residents",
        "page_title": "Import residents",
        "header_icon": "user",
        "columns": file_columns(),
        **extra,
    }


def import_residents_view(request):
    if not permissions.can_import_residents(request.user):
        raise Http404("No such page")
    if request.method == "POST" and request.POST.get("apply"):
        return _apply(request)
    if request.method != "POST":
        return render(request, TEMPLATE, _context(form=ResidentImportForm()))
    form = ResidentImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, TEMPLATE, _context(form=form), status=400)
    data = form.cleaned_data["file"].read()
    try:
        report = import_residents(data, apply=False)
    except ImportRefused as error:
        form.add_error("file", str(error))
        return render(request, TEMPLATE, _context(form=form), status=400)
    # The file waits, out of any public folder, for the person to apply it; the session says which.
    name = private_storage().save(f"imports/{uuid.uuid4().hex}.csv", ContentFile(data))
    _forget(request)
    request.session[SESSION_KEY] = name
    return render(request, TEMPLATE, _context(report=report, token=name))


def _forget(request):
    name = request.session.pop(SESSION_KEY, None)
    if name and private_storage().exists(name):
        private_storage().delete(name)


def _apply(request):
    name = request.session.get(SESSION_KEY)
    if not name or request.POST.get("apply") != name or not private_storage().exists(name):
        form = ResidentImportForm()
        return render(request, TEMPLATE, _context(form=form, expired=True), status=400)
    with private_storage().open(name) as file:
        data = file.read()
    _forget(request)
    try:
        report = import_residents(data, apply=True)
    except ImportRefused as error:
        return render(request, TEMPLATE, _context(form=ResidentImportForm(), refused=str(error)), status=400)
    return render(request, TEMPLATE, _context(report=report))
