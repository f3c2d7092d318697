"""Breaches of a restriction, and the refusal of all contact that may follow them (LHP 31;
DESIGN: Outcomes, "Breaches recorded against a restriction feed its review; refusing all
contact only by the Executive Director of Customers after breaches, with justification")."""

import uuid

from django.conf import settings as django_settings
from django.db import models
from django.utils import timezone

from ..choices import ALWAYS_OPEN, Channel
from .case import Case
from .records import private_storage
from .restrictions import Restriction


class Breach(models.Model):
    """One time the resident did not keep to a current restriction, recorded by the member of
    staff it happened to (or who heard of it). Never edited: a mistake is put right by a note
    on the case."""

    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="breaches")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="breaches")
    occurred_on = models.DateField("When did it happen?", db_index=True)
    channel = models.CharField("How did the resident make contact?", max_length=20, choices=Channel.choices)
    what_happened = models.TextField("What happened")
    recorded_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # The breach that reached the casework settings' threshold and brought the review forward:
    # the breaches after it count towards the next prompt, never the ones before.
    prompted_early_review = models.BooleanField(default=False)

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name_plural = "breaches"

    def __str__(self):
        return f"Breach {self.pk} of restriction {self.restriction_id} on {self.occurred_on:%Y-%m-%d}"


def breach_document_path(instance, filename):
    # Never a name from the uploader: a random name in a folder per case.
    return f"breaches/{instance.breach.case_id}/{uuid.uuid4().hex}"


class BreachDocument(models.Model):
    """Evidence of a breach (an email, a screenshot, a call note), kept in private storage."""

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=breach_document_path, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class ContactRefusal(models.Model):
    """LHP 31: the Executive Director of Customers refused all contact with the resident on top
    of a current restriction that has breaches recorded, with a written justification. What
    always stays open (emergency contact, statutory consultation, the complaints process) still
    does. It lasts as long as the restriction it is part of."""

    restriction = models.OneToOneField(Restriction, on_delete=models.PROTECT, related_name="all_contact_refusal")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contact_refusals")
    refused_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    refused_at = models.DateTimeField(default=timezone.now, db_index=True)
    justification = models.TextField()
    breaches_at_the_time = models.PositiveIntegerField()

    class Meta:
        ordering = ["-refused_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(justification=""), name="casework_refusal_justified"),
        ]

    def __str__(self):
        return f"All contact refused on restriction {self.restriction_id}"

    def in_words(self):
        """The refusal as the contact arrangements say it, with what still stays open."""
        kept = "; ".join(item[0].lower() + item[1:] for item in ALWAYS_OPEN)
        day = timezone.localdate(self.refused_at)
        return f"All contact is refused from {day.day} {day:%B %Y} (LHP 31), except what always stays open: {kept}."
