"""Questions to the reporter, their answers, and the comments of the people deciding."""

from django.db import transaction
from django.utils import timezone

from home.notifications import notify

from .. import permissions
from ..models import Case, CaseEvent, Comment, Question, Step
from .errors import AlreadyDecided, CaseworkError, NotAllowed
from .notices import case_topic, case_url, display_name, notify_people


def ask_reporter(case, by, text):
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        step = case.current_step
        if step is None or step.kind != Step.Kind.LINE_MANAGER or step.status != Step.Status.OPEN:
            raise NotAllowed("Questions to the reporter are asked by the line manager while the case is with them.")
        if not permissions.is_assignee(by, step):
            raise NotAllowed("Only the line manager deciding this case can ask the reporter.")
        text = (text or "").strip()
        if not text:
            raise CaseworkError("Write your question.")
        question = Question.objects.create(case=case, step=step, asked_by=by, text=text)
        CaseEvent.objects.create(
            case=case,
            actor=by,
            summary="Asked the reporter for more",
            detail=text,
            shown_to_reporter=True,
            reporter_summary="Your line manager asked you a question.",
        )
        notify(
            case.reporter,
            f"A question about your report {case.reference}",
            # The question itself stays in the intranet: email leaves it, and may be forwarded.
            f"{display_name(by)} asked you a question about your report. Open the report to read and answer it.",
            url=case_url(case),
            kind="question",
            topic=case_topic(case),
        )
        return question


def answer_question(question, by, answer):
    with transaction.atomic():
        question = Question.objects.select_for_update().select_related("case").get(pk=question.pk)
        case = question.case
        if not permissions.is_reporter(by, case):
            raise NotAllowed("Only the reporter answers questions about their report.")
        if question.answered_at:
            raise AlreadyDecided("This question has already been answered.")
        answer = (answer or "").strip()
        if not answer:
            raise CaseworkError("Write your answer.")
        question.answer = answer
        question.answered_at = timezone.now()
        question.save()
        CaseEvent.objects.create(
            case=case,
            actor=by,
            summary="Reporter answered the question",
            detail=answer,
            shown_to_reporter=True,
            reporter_summary="You answered the question.",
        )
        notify_people(
            permissions.may_reach(case, [question.asked_by]),
            f"Answer on case {case.reference}",
            f"{display_name(by)} answered your question. Open the case to read the answer.",
            case,
            kind="question",
        )
        return question


def add_comment(case, by, text):
    if not permissions.can_comment(by, case):
        raise NotAllowed("Only the people deciding this case can comment on it.")
    text = (text or "").strip()
    if not text:
        raise CaseworkError("Write your comment.")
    with transaction.atomic():
        comment = Comment.objects.create(case=case, author=by, text=text)
        CaseEvent.objects.create(case=case, actor=by, summary="Comment", detail=text)
    return comment
