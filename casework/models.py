from django.db import models


class Customer(models.Model):
    """A resident: the person a report of unacceptable behaviour is about."""

    reference = models.CharField(
        max_length=20, unique=True, help_text="The housing management system's customer reference."
    )
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300)
    postcode = models.CharField(max_length=10)
    tenancy = models.CharField(max_length=100, blank=True, help_text="Tenancy type and reference.")

    class Meta:
        ordering = ["name", "reference"]

    def __str__(self):
        return f"{self.name} ({self.reference})"
