"""What is kept about a case as it goes: its timeline, its evidence and the log of every read."""

import uuid

from django.conf import settings as django_settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .case import Case


class CaseEvent(models.Model):
    """One line of the case's timeline: who did what, when and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=300)
    detail = models.TextField(blank=True)
    # What the reporter may read: their own report's progress, never internal notes.
    shown_to_reporter = models.BooleanField(default=False)
    reporter_summary = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return self.summary


@deconstructible
class PrivateStorage(Storage):
    """Evidence lives in storages["private"], looked up on every use so that the
    configured backend (local folder, object storage) is always the current one.
    It has no URL: files are only ever sent by a view that checks who is asking."""

    def _backend(self):
        return storages["private"]

    def _open(self, name, mode="rb"):
        return self._backend().open(name, mode)

    def _save(self, name, content):
        return self._backend().save(name, content)

    def delete(self, name):
        return self._backend().delete(name)

    def exists(self, name):
        return self._backend().exists(name)

    def size(self, name):
        return self._backend().size(name)

    def path(self, name):
        return self._backend().path(name)

    def listdir(self, path):
        return self._backend().listdir(path)

    def get_available_name(self, name, max_length=None):
        return self._backend().get_available_name(name, max_length=max_length)

    def url(self, name):
        raise ValueError("Evidence files have no public URL.")


def evidence_path(instance, filename):
    # The stored name never comes from the uploader: a random name in a folder per case.
    return f"evidence/{instance.case_id}/{uuid.uuid4().hex}"


def private_storage():
    return PrivateStorage()


class EvidenceFile(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class AccessLogEntry(models.Model):
    """Who read a case or its files, and through which page. Never edited."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    view = models.CharField(max_length=100)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        # Read-only everywhere: no add, change or delete permission exists to give anyone.
        default_permissions = ("view",)
        verbose_name_plural = "access log entries"

    def __str__(self):
        return f"{self.user} read {self.case_id} ({self.view})"


# England and Wales bank holidays as published by GOV.UK; editable in the
# casework settings (an organisation elsewhere in the UK keeps its own list).


class ExportLogEntry(models.Model):
    """A download of a list of residents or cases: who, when, which list, with which filter,
    how many rows. Written by the download, never edited."""

    user = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    export = models.CharField(max_length=100)
    parameters = models.CharField(max_length=500, blank=True)
    rows = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "export log entries"

    def __str__(self):
        return f"{self.user} downloaded {self.export} ({self.rows} rows) at {self.at:%Y-%m-%d %H:%M}"
