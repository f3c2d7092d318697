"""The demo's reviews of restrictions (Wandle 3.9, LHP 29): the restrictions on C100019 were
due for review before the demo began, so rkaur records that review as continuing them (its
review outcome letter drafted, the next review on their end date); the review of the
restrictions on C100007, due this week, is then opened in the customer experience managers'
queue by the daily task. Made through the service layer; loading it again adds nothing."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Restriction, Review
from .services import reviews
from .services.notices import long_date

RECORD = {
    "contacts": "Emails to the income team leader, two or three a week, all within the arrangements.",
    "incidents": "None since the restrictions started.",
    "circumstances": "Still at the same address; a support worker from the council since the summer.",
    "vulnerability": "Anxiety: email suits her best and stays the one channel. Her support worker may be copied in.",
    "proposal": Review.Proposal.CONTINUE,
    "reasons": "Contact has kept to the arrangements, which give you a reliable reply; they continue to their end.",
}


def load(stdout=None):
    rkaur = get_user_model().objects.filter(username="rkaur").first()
    if rkaur is None:
        return
    missed = Restriction.objects.filter(
        customer__reference="C100019", state=Restriction.State.IN_FORCE, next_review_date__lt=timezone.localdate()
    ).first()
    if missed is not None and not missed.reviews.exists():
        reviews.open_due_reviews()
        review = missed.reviews.filter(status=Review.Status.WITH_CXM).first()
        if review is not None:
            review = reviews.record_review(review, rkaur, **RECORD)
            if stdout:
                stdout.write(f"Demo review {review.reference}: continued, next {long_date(review.next_review_date)}.")
    opened = reviews.open_due_reviews()
    if stdout and opened:
        stdout.write(f"Demo reviews: {opened} opened in the customer experience managers' queue.")
