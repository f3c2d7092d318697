"""Letters to the resident (DESIGN: Outcomes, Letters; LHP 20–22 and 26–29, Wandle 3.6–3.10
and 5.0): each kind's wording and the letterhead are content the head of customer services
edits in the admin; a letter is a draft until it is issued, and then a frozen PDF in private
storage with its checksum, never changed again."""

import uuid

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import PreviewableMixin

from .case import Case
from .records import private_storage
from .restrictions import Restriction


class LetterKind(models.TextChoices):
    WARNING = "warning", "Warning letter"
    RESTRICTION = "restriction", "Restriction letter"
    REVIEW_OUTCOME = "review_outcome", "Review outcome letter"
    APPEAL_OUTCOME = "appeal_outcome", "Appeal outcome letter"
    DECLINED_COMPLAINT = "declined_complaint", "Letter declining a new complaint"


# A case has one of each of these, re-issues apart; the other kinds may come more than once.
ONCE_PER_CASE = [LetterKind.WARNING, LetterKind.RESTRICTION]

PLACEHOLDER_HELP = (
    "Write the letter in plain text: a blank line between paragraphs, “## ” at the start of a line for a "
    "heading, “- ” for a bullet point. Facts of the case go in as placeholders such as {{ resident_name }} "
    "or {{ end_date }}; a placeholder alone on a bullet line (“- {{ always_open }}”) becomes one bullet per "
    "item. The words each part the policy requires must keep are listed above; a template that drops one "
    "cannot be saved, and a letter made from it cannot be issued."
)


class LetterTemplate(PreviewableMixin, models.Model):
    """The wording of one kind of letter, with placeholders for the case's facts."""

    class Signatory(models.TextChoices):
        DIRECTOR = "director", "The director who approved the decision"
        HEAD = "head", "The head of customer services (as on the letterhead)"

    kind = models.CharField(max_length=30, choices=LetterKind.choices, unique=True)
    subject = models.CharField(
        max_length=200, help_text="The letter's heading, e.g. “Restrictions on how you contact us”."
    )
    body = models.TextField(help_text=PLACEHOLDER_HELP)
    signed_by = models.CharField(max_length=20, choices=Signatory.choices, default=Signatory.DIRECTOR)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        HelpPanel(template="casework/letters/admin_template_help.html"),
        FieldPanel("kind"),
        FieldPanel("subject"),
        FieldPanel("body"),
        FieldPanel("signed_by"),
    ]

    class Meta:
        ordering = ["kind"]
        verbose_name = "letter template"

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        from ..services import letter_templates

        problems = letter_templates.template_problems(self)
        if problems:
            raise ValidationError({"body": problems})

    # The admin's preview: the letter as a demo case would get it, with the parts check.
    def get_preview_template(self, request, mode_name):
        return "casework/letters/admin_preview.html"

    def get_preview_context(self, request, mode_name):
        from ..services import letter_templates

        context = super().get_preview_context(request, mode_name)
        context.update(letter_templates.sample_preview(self))
        return context


@register_setting(icon="mail")
class Letterhead(BaseGenericSetting):
    """What every letter carries: the organisation's letterhead and the contacts the policy
    requires letters to give."""

    organisation_name = models.CharField(max_length=200, default="Our housing association")
    address = models.TextField(default="1 High Street\nLondon\nE1 1AA", help_text="One line each.")
    phone = models.CharField(max_length=50, default="0300 123 4567")
    email = models.EmailField(default="customer.services@example.org")
    website = models.CharField(max_length=200, blank=True, default="www.example.org")
    head_of_customer_services = models.CharField(max_length=200, default="Jo Clarke")
    head_of_customer_services_title = models.CharField(max_length=200, default="Corporate Head of Customers")
    complaints_contact = models.TextField(
        default="call 0300 123 4567, email complaints@example.org or write to the Complaints Team at our address",
        help_text="How a resident raises a concern or makes a complaint, as a letter says it.",
    )
    appeal_contact = models.TextField(
        default="write to the Appeals Officer at our address, or email appeals@example.org",
        help_text="How and to whom a resident appeals (Wandle 3.10): never the director who decided.",
    )
    appeal_window_days = models.PositiveSmallIntegerField(
        "Days to appeal",
        default=28,
        validators=[MinValueValidator(14), MaxValueValidator(90)],
        help_text="Calendar days from the letter's date by which an appeal should reach us.",
    )
    ombudsman_contact = models.TextField(
        default="Housing Ombudsman Service, PO Box 1484, Unit D, Preston PR2 0ET; 0300 111 3000; "
        "www.housing-ombudsman.org.uk",
        help_text="The Housing Ombudsman's contact details (LHP 28).",
    )
    flag_retention = models.CharField(
        max_length=300,
        default="for six years after the restriction ends",
        help_text="How long the record of a red flag is kept, as a letter says it.",
    )
    enclosed_policy = models.ForeignKey(
        "policy_pages.PolicyPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The policy enclosed with restriction letters (its published version, LHP 28).",
    )

    panels = [
        MultiFieldPanel(["organisation_name", "address", "phone", "email", "website"], heading="Letterhead"),
        MultiFieldPanel(["head_of_customer_services", "head_of_customer_services_title"], heading="Signature"),
        MultiFieldPanel(
            [
                "complaints_contact",
                "appeal_contact",
                "appeal_window_days",
                "ombudsman_contact",
                "flag_retention",
                "enclosed_policy",
            ],
            heading="What letters tell the resident",
        ),
    ]

    class Meta:
        verbose_name = "Letters: letterhead and contacts"

    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]


def letter_path(instance, filename):
    # Never a name from the case: a random name in a folder per case.
    return f"letters/{instance.case_id}/{uuid.uuid4().hex}.pdf"


class Letter(models.Model):
    """One letter to a resident. A draft is edited; an issued letter is frozen: its PDF, its
    checksum and how it was sent are never changed. Re-issuing makes a new letter that
    names the one it replaces."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"

    class Method(models.TextChoices):
        POST = "post", "Post"
        EMAIL = "email", "Email"
        HAND = "hand", "Hand delivery"
        THIRD_PARTY = "third_party", "Through a named third party or advocate"

    class Format(models.TextChoices):
        STANDARD = "standard", "Standard print"
        LARGE_PRINT = "large_print", "Large print (16 point or more)"

    class Recipient(models.TextChoices):
        RESIDENT = "resident", "The resident"
        BOTH = "both", "The resident and a named third party"
        THIRD_PARTY = "third_party", "A named third party instead of the resident"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="letters")
    restriction = models.ForeignKey(
        Restriction, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text=PLACEHOLDER_HELP)
    signed_by = models.CharField(max_length=20, choices=LetterTemplate.Signatory.choices)
    prepared_by = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")

    # Set once, when issued.
    issued_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    letter_date = models.DateField(null=True, blank=True)
    method = models.CharField("Sent by", max_length=20, choices=Method.choices, blank=True)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.STANDARD)
    recipient = models.CharField(max_length=20, choices=Recipient.choices, default=Recipient.RESIDENT)
    third_party_name = models.CharField(max_length=200, blank=True)
    third_party_relationship = models.CharField(max_length=100, blank=True)
    third_party_address = models.TextField(blank=True)
    adjustment_reason = models.TextField(
        "Why (reasonable adjustments)", blank=True, help_text="LHP 20–22: why large print or a third party."
    )
    issued_text = models.TextField(blank=True, help_text="The letter's words as issued.")
    pdf = models.FileField(upload_to=letter_path, storage=private_storage, max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["prepared_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"], condition=Q(state="draft"), name="casework_letter_one_draft_per_kind"
            ),
            # Two people issuing the first letter of a kind at once: the database keeps one.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(state="issued", replaces__isnull=True, kind__in=ONCE_PER_CASE),
                name="casework_letter_issued_once_per_case",
            ),
            models.CheckConstraint(
                condition=Q(state="draft")
                | (Q(issued_at__isnull=False, letter_date__isnull=False) & ~Q(sha256="") & ~Q(pdf="")),
                name="casework_letter_issued_with_its_pdf",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference} ({self.get_state_display().lower()})"

    @property
    def reference(self):
        return f"{self.case.reference}/L{self.pk}" if self.pk else f"{self.case.reference}/L-draft"

    @property
    def sent_how(self):
        """How the letter was sent, as a sentence says it: "by post", "through a named third party or advocate"."""
        return {
            self.Method.POST: "by post",
            self.Method.EMAIL: "by email",
            self.Method.HAND: "by hand",
            self.Method.THIRD_PARTY: "through a named third party or advocate",
        }.get(self.method, "")

    @property
    def is_issued(self):
        return self.state == self.State.ISSUED

    def download_name(self):
        return f"{self.reference.replace('/', '-')}-{self.kind}.pdf"
