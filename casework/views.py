"""Casework pages. Each view parses the request, asks casework.permissions whether
the person may see it (404 if not), calls one service function and renders."""

import re
import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef, Prefetch, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from home import roles

from . import complaint_views, letter_views, permissions, services
from .choices import ALWAYS_OPEN
from .forms import (
    AnswerForm,
    CommentForm,
    CxmDecisionForm,
    DirectorDecisionForm,
    EndFlagForm,
    InForceForm,
    LineManagerDecisionForm,
    NamePersonForm,
    QuestionForm,
    RaiseFlagForm,
    ReportForm,
    SensitiveForm,
)
from .models import (
    AccessLogEntry,
    Assignment,
    Breach,
    Case,
    Decision,
    EvidenceFile,
    NewComplaint,
    NoReplyItem,
    Question,
    RedFlag,
    Restriction,
    Step,
)
from .services import appeals, display_name, flags, residents, restrictions
from .services import reviews as review_services
from .uploads import allowed_list, human_size, max_bytes

PAGE_SIZE = 25
# A restriction's breaches on the case page, in full for the case's people (LHP 31).
BREACHES = Breach.objects.select_related("recorded_by").prefetch_related("documents")


def _case_or_404(request, pk, rule=permissions.can_view_case):
    case = Case.objects.select_related("customer", "reporter", "current_step").filter(pk=pk).first()
    if case is None or not rule(request.user, case):
        raise Http404("No such case")
    return case


# --- Reporting -----------------------------------------------------------------


# A new report's form carries a token, kept on the draft it starts (services.start_draft): the
# same form sent again (a reload of the page it answered, a second press) goes on with that draft.
DRAFT_TOKEN = re.compile(r"[0-9a-f]{32}")


def _posted_token(request):
    token = request.POST.get("draft_token", "")
    return token if DRAFT_TOKEN.fullmatch(token) else ""


def report(request, pk=None):
    case = _case_or_404(request, pk, permissions.can_edit_draft) if pk is not None else None
    if request.method != "POST":
        return _render_report(request, ReportForm(instance=case), case)
    uploads, token = request.FILES.getlist("evidence"), _posted_token(request)
    if case is None and (case := services.started_by_token(request.user, token)) is not None and not case.is_draft:
        return redirect("casework:submitted", pk=case.pk)  # sent again once submitted: nothing more to do

    form = ReportForm(request.POST, request.FILES, instance=case or Case(reporter=request.user))
    action = request.POST.get("action", "save")
    valid = form.is_valid()
    removing = action.startswith("remove-")
    if removing and not _removable(case, action[7:]):
        # Nothing of this draft to remove: say so, keep what was typed, and start no draft for it.
        form.add_error("evidence", "That file is not attached to this report, so nothing was removed.")
        return _render_report(request, form, case, status=400)
    if case is None and not uploads and (action == "find" or not valid):
        # Looking a resident up, or typing something that cannot be kept as it is, is not yet a
        # report: no draft until something is kept.
        return _render_report(request, form, None, status=400 if form.errors else 200)
    typed = [name for name in form.changed_data if name != "evidence"]  # files: request.FILES
    if case is None and valid and not typed and not uploads:
        # Nothing typed and nothing attached: say what is needed, but keep no empty draft.
        if action == "submit":
            for field, message in services.missing_for_submission(form.instance).items():
                form.add_error(field, message)
        else:
            form.add_error(None, "There is nothing to save yet. Type something about the report first.")
        return _render_report(request, form, None, status=400)
    # Every value that is valid is kept, even when another is not: a draft never loses what was typed.
    try:
        case, problems = services.keep_report(case, request.user, form.report_values(), uploads, token)
    except services.AlreadySubmitted as error:  # sent twice at once, and the other press submitted it
        return redirect("casework:submitted", pk=error.case.pk)
    for problem in problems:
        form.add_error("evidence", problem)
    if removing:
        services.remove_evidence(case, request.user, int(action[7:]))
        messages.info(request, "The file was removed from your report.")
    elif action == "submit" and valid and not problems:
        try:
            services.submit_report(case, request.user)
        except services.IncompleteReport as error:
            for field, message in error.missing.items():
                form.add_error(field if field in form.fields else None, message)
        except services.CaseworkError as error:
            form.add_error(None, str(error))
        else:
            return redirect("casework:submitted", pk=case.pk)
    elif action == "save" and valid and not problems:
        messages.success(request, f"Your draft report {case.reference} is saved. You can come back to it later.")
        return redirect("casework:edit_draft", pk=case.pk)
    form.instance = case
    status = 400 if form.errors else 200
    return _render_report(request, form, case, status=status)


def _removable(case, evidence_id):
    return (
        case is not None
        and evidence_id.isdecimal()
        and len(evidence_id) < 19  # beyond a 64-bit id: no such file
        and case.evidence.filter(pk=int(evidence_id)).exists()
    )


def _resident_choices(request, form):
    """The report form's resident choices, each with its red flag or restrictions, if any, as
    the check page shows them (the look-up of a flagged resident is logged)."""
    radios = list(form["customer"])
    if not radios:
        return []
    # The residents the radio buttons were made from, read once (the field keeps its rows).
    checked = residents.check(form.fields["customer"].queryset, request.user)
    by_id = {status.customer.pk: (status, sight) for status, sight in checked}
    choices = []
    for radio in radios:
        status, sight = by_id.get(getattr(radio.data["value"], "value", None), (None, None))
        if status is not None and status.flagged:
            # A screen reader reads the red flag with the choice, as a sighted person sees it under it.
            radio.data["attrs"]["aria-describedby"] = f"{radio.id_for_label}_status"
        choices.append((radio, status, sight))
    return choices


def _render_report(request, form, case, status=200):
    context = {
        "form": form,
        "resident_choices": _resident_choices(request, form),
        "always_open": ALWAYS_OPEN,
        "case": case,
        "evidence": list(case.evidence.all()) if case else [],
        "max_size": human_size(max_bytes()),
        "allowed_types": allowed_list(),
        "form_action": reverse("casework:edit_draft", args=[case.pk]) if case else reverse("casework:report"),
        "draft_token": None if case else _posted_token(request) or uuid.uuid4().hex,
    }
    return render(request, "casework/report_form.html", context, status=status)


def discard_draft(request, pk):
    """Asks, then deletes the person's own draft report; anyone else's, or a submitted one, is not found."""
    case = _case_or_404(request, pk, permissions.can_edit_draft)
    if request.method != "POST":
        return render(request, "casework/discard_draft.html", {"case": case})
    reference = case.reference  # a deleted case has no id to make it from
    services.discard_draft(case, request.user)
    messages.success(request, f"Your draft report {reference} is deleted.")
    return redirect("casework:my_reports")


def submitted(request, pk):
    case = _case_or_404(request, pk, permissions.is_reporter)
    if case.is_draft:
        return redirect("casework:edit_draft", pk=case.pk)
    step = case.current_step
    return render(
        request,
        "casework/submitted.html",
        {"case": case, "step": step, "assignees": list(step.assignees.all()) if step and not case.sensitive else []},
    )


# --- Lists ---------------------------------------------------------------------


def with_unanswered_questions(cases):
    """Marks each case that waits for the reporter to answer a question, in the same query."""
    unanswered = Question.objects.filter(case=OuterRef("pk"), answered_at__isnull=True)
    return cases.annotate(awaiting_answer=Exists(unanswered))


def with_restrictions_in_force(cases):
    """Marks each case with the end date of its restriction in force (`in_force_until`, None
    when none is) and its earliest review date not yet decided (`review_due`: overdue once
    past, Wandle 3.9), in the same query."""
    in_force = Restriction.objects.filter(case=OuterRef("pk"), state=Restriction.State.IN_FORCE)
    return cases.annotate(
        in_force_until=Subquery(in_force.order_by("-end_date").values("end_date")[:1]),
        review_due=Subquery(in_force.order_by("next_review_date").values("next_review_date")[:1]),
    )


def my_reports(request):
    cases = with_restrictions_in_force(
        with_unanswered_questions(Case.objects.filter(reporter=request.user))
    ).select_related("customer", "current_step")
    page = Paginator(cases.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/my_reports.html", {"page_obj": page, "cases": page.object_list})


def awaiting_queryset(user):
    """The cases waiting for `user`'s decision, urgent first, then the longest waiting: read
    along the open steps' queue index, checking the person's open assignment for each."""
    return (
        with_unanswered_questions(
            Case.objects.filter(
                current_step__status=Step.Status.OPEN,
                current_step__assignments__user=user,
                current_step__assignments__is_open=True,
            )
        )
        .select_related("customer", "reporter", "current_step")
        .order_by("-current_step__urgent", "current_step__started_at", "current_step__id")
    )


class CountedPaginator(Paginator):
    """A paginator told its count, for a list whose count is cheaper to read elsewhere."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


def queue(request):
    # Each open assignment is one case waiting at its current step: counted on one index.
    waiting = Assignment.objects.filter(user=request.user, is_open=True).count()
    page = CountedPaginator(awaiting_queryset(request.user), PAGE_SIZE, waiting).get_page(request.GET.get("page"))
    cases = list(page.object_list)
    # Flags and restrictions of the residents shown, in two queries whatever their number.
    found = residents.statuses([case.customer for case in cases if case.customer_id])
    flagged = {customer_id for customer_id, status in found.items() if status.flagged}
    return render(
        request,
        "casework/queue.html",
        {
            "page_obj": page,
            "cases": cases,
            "today": timezone.localdate(),
            "flagged": flagged,
            "appeals": appeals.waiting_for(request.user),
            **complaint_views.queue_context(request.user),
            # Reviews of restrictions waiting for this person (Wandle 3.9): one query.
            "reviews": list(review_services.open_reviews_for(request.user)[:PAGE_SIZE]),
        },
    )


def case_list(request):
    """Every case shared with a customer experience manager or the head of customer services."""
    if not permissions.can_see_case_list(request.user):
        raise Http404("No such page")
    cases = with_restrictions_in_force(permissions.cases_shared_with(request.user)).select_related(
        "customer", "reporter", "current_step"
    )
    count = permissions.shared_count(request.user)
    page = CountedPaginator(cases.order_by("-submitted_at", "-pk"), PAGE_SIZE, count).get_page(request.GET.get("page"))
    hidden_sensitive = permissions.hidden_sensitive_count(request.user)
    return render(
        request,
        "casework/case_list.html",
        {"page_obj": page, "cases": page.object_list, "hidden_sensitive": hidden_sensitive},
    )


# --- The case ------------------------------------------------------------------


def _decision_form(case, step, data=None):
    """The step's decision form, told what the rules behind it need to name every missing
    part at once: whether the resident was warned before, for restrictions (LHP 26–27)."""
    if step.kind == Step.Kind.LINE_MANAGER:
        return LineManagerDecisionForm(data)
    if step.kind == Step.Kind.CXM:
        return CxmDecisionForm(data, warned_before=services.warned_before(case))
    return DirectorDecisionForm(
        data, warned_before=services.warned_before(case), recommendation=services.recommendation_under_review(case)
    )


DECIDE = {
    Step.Kind.LINE_MANAGER: services.decide_as_line_manager,
    Step.Kind.CXM: services.decide_as_cxm,
    Step.Kind.DIRECTOR: services.decide_as_director,
}


def _may_decide(user, case):
    step = case.current_step
    return (
        step is not None
        and step.status == Step.Status.OPEN
        and permissions.is_assignee(user, step)
        and user.pk not in services.participants(case, except_kind=step.kind)
    )


def case_detail(request, pk, decision_form=None, status=200, extra=None):
    case = _case_or_404(request, pk)
    services.log_access(case, request.user, "case page")
    case.in_force_until = case.restrictions.filter(state=Restriction.State.IN_FORCE).aggregate(until=Max("end_date"))[
        "until"
    ]
    questions = list(case.questions.select_related("asked_by"))
    evidence = list(case.evidence.all())
    if not permissions.remember_chain_access(request.user, case):
        events = case.events.filter(shown_to_reporter=True)
        return render(
            request,
            "casework/case_reporter.html",
            {
                "case": case,
                "events": events,
                "questions": questions,
                "evidence": evidence,
                "outcome_text": services.reporter_outcome_text(case) if case.outcome else "",
                "answer_form": AnswerForm(),
                **(extra or {}),
            },
            status=status,
        )
    step = case.current_step
    may_decide = _may_decide(request.user, case)
    if may_decide and decision_form is None:
        decision_form = _decision_form(case, step)
    steps = case.steps.prefetch_related(
        "assignees", Prefetch("decision", queryset=Decision.objects.select_related("decided_by", "recommendation"))
    )
    earlier = []
    if case.customer_id:
        earlier = list(
            permissions.visible_cases(
                request.user, with_restrictions_in_force(Case.objects.filter(customer_id=case.customer_id))
            )
            .exclude(pk=case.pk)
            .exclude(status=Case.Status.DRAFT)
            .order_by("-submitted_at")[:20]
        )
    may_raise_flag = case.customer_id is not None and permissions.in_role(request.user, *flags.RAISERS)
    resident = _resident_beyond_this_case(case, request.user)
    if resident is not None and may_raise_flag:
        posted = (extra or {}).get("end_flag_forms", {})
        for flag in resident.flags:
            resting = flag.restriction_id and flag.restriction.is_current
            if flag.case_id == case.pk and not resting:
                flag.end_form = posted.get(flag.pk) or EndFlagForm(flag=flag)
    context = {
        "case": case,
        "step": step,
        "steps": steps,
        "events": case.events.select_related("actor"),
        "questions": questions,
        "evidence": evidence,
        "comments": case.comments.select_related("author"),
        "earlier_cases": earlier,
        "may_decide": may_decide,
        "decision_form": decision_form if may_decide else None,
        "may_ask": step is not None
        and step.kind == Step.Kind.LINE_MANAGER
        and step.status == Step.Status.OPEN
        and permissions.is_assignee(request.user, step),
        "question_form": QuestionForm(),
        "comment_form": CommentForm(),
        "may_read_log": permissions.can_read_access_log(request.user, case),
        "may_name_people": permissions.can_name_people(request.user, case),
        "restrictions": list(
            case.restrictions.select_related(
                "decision__decided_by", "all_contact_refusal__refused_by"
            ).prefetch_related(
                Prefetch("breaches", queryset=BREACHES, to_attr="breach_list"),
                Prefetch("new_complaints", queryset=NewComplaint.objects.select_related("case")),
                Prefetch("no_reply_items", queryset=NoReplyItem.objects.select_related("case", "reader", "read_by")),
            )
        ),
        "warning_appeals": list(case.appeals.filter(warning__isnull=False).select_related("case")),
        "may_refuse_all_contact": permissions.is_executive_director_of_customers(request.user),
        "resident": resident,
        "may_bring_into_force": permissions.in_role(request.user, roles.CUSTOMER_EXPERIENCE_MANAGERS),
        "in_force_form": InForceForm(),
        "may_raise_flag": may_raise_flag,
        "flag_form": RaiseFlagForm(urgent=case.immediate_risk),
        "always_open": ALWAYS_OPEN,
        "waiting_unassigned": _waiting_unassigned(case),
        "today": timezone.localdate(),
        "outcome_text": services.reporter_outcome_text(case) if case.outcome else "",
        **letter_views.case_letters_context(request.user, case),
        **(extra or {}),
    }
    return render(request, "casework/case_detail.html", context, status=status)


@require_POST
def decide(request, pk):
    case = _case_or_404(request, pk)
    step = case.current_step
    posted_step = request.POST.get("step", "")
    if posted_step and not (posted_step.isdecimal() and len(posted_step) < 19):
        messages.error(request, "The decision form was not complete. Reload the case and record your decision again.")
        return redirect("casework:case", pk=case.pk)
    if step is None or (posted_step and posted_step != str(step.pk)):
        # Someone else decided while this person had the form open.
        messages.error(
            request, f"Case {case.reference} has already been decided at this step. Your decision was not recorded."
        )
        return redirect("casework:case", pk=case.pk)
    form = _decision_form(case, step, request.POST)
    if form.is_valid():
        try:
            DECIDE[step.kind](case, request.user, **form.service_values())
        except services.AlreadyDecided as error:
            messages.error(request, f"{error} Your decision was not recorded.")
            return redirect("casework:case", pk=case.pk)
        except services.CaseworkError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"Your decision on case {case.reference} is recorded.")
            return redirect("casework:queue")
    return case_detail(request, pk, decision_form=form, status=400)


@require_POST
def ask(request, pk):
    case = _case_or_404(request, pk, permissions.has_chain_access)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        # The case page again, with the question as typed and what is wrong with it.
        return case_detail(request, pk, status=400, extra={"question_form": form})
    try:
        services.ask_reporter(case, request.user, form.cleaned_data["text"])
    except services.CaseworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your question was sent to the reporter.")
    return redirect("casework:case", pk=case.pk)


@require_POST
def answer(request, pk, question_pk):
    case = _case_or_404(request, pk, permissions.is_reporter)
    question = get_object_or_404(Question, pk=question_pk, case=case)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        # The case page again, with the answer as typed and what is wrong with it.
        return case_detail(request, pk, status=400, extra={"answer_form": form, "answering": question.pk})
    try:
        services.answer_question(question, request.user, form.cleaned_data["answer"])
    except services.CaseworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your answer was sent.")
    return redirect("casework:case", pk=case.pk)


@require_POST
def comment(request, pk):
    case = _case_or_404(request, pk, permissions.has_chain_access)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(case, request.user, form.cleaned_data["text"])
        except services.CaseworkError as error:
            form.add_error("text", str(error))
        else:
            return redirect(reverse("casework:case", args=[case.pk]) + "#comments")
    # The case page again, with the comment as typed and what is wrong with it.
    return case_detail(request, pk, status=400, extra={"comment_form": form})


def sensitive(request, pk):
    case = _case_or_404(request, pk, permissions.can_mark_sensitive)
    people = permissions.users_with_case_access(case)
    current = case.current_step
    default_keep = set(current.assignees.all()) if current else set()
    default_keep.add(request.user)
    form = SensitiveForm(request.POST if request.method == "POST" else None, people=people, initial_keep=default_keep)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.mark_sensitive(case, request.user, list(form.cleaned_data["keep"]))
            except services.CaseworkError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, f"Case {case.reference} is now sensitive.")
                return redirect("casework:case", pk=case.pk)
        status = 400
    return render(request, "casework/sensitive.html", {"case": case, "form": form}, status=status)


@require_POST
def bring_into_force(request, pk, restriction_pk):
    """A CXM records that the resident was told: the restriction comes into force."""
    case = _case_or_404(request, pk, permissions.has_chain_access)
    if not permissions.in_role(request.user, roles.CUSTOMER_EXPERIENCE_MANAGERS):
        raise Http404("No such restriction")
    restriction = get_object_or_404(Restriction, pk=restriction_pk, case=case)
    form = InForceForm(request.POST, restriction=restriction)
    if form.is_valid():
        try:
            restrictions.bring_into_force(restriction, request.user, **form.service_values())
        except services.NotAllowed as error:
            # Its state moved on (a colleague brought it into force first): the form is gone.
            messages.error(request, f"{error} Nothing was changed.")
            return redirect("casework:case", pk=case.pk)
        except services.CaseworkError as error:
            form.add_error(_field_for(error, form), str(error))
        else:
            messages.success(request, f"The restriction on case {case.reference} is in force, with its red flag.")
            return redirect("casework:case", pk=case.pk)
    return case_detail(request, pk, status=400, extra={"in_force_form": form, "in_force_for": restriction.pk})


def _resident_beyond_this_case(case, user):
    """The resident's flags, and restrictions from their other cases: this case's own
    restrictions have their section on the page already."""
    if not case.customer_id:
        return None
    status = residents.statuses([case.customer])[case.customer_id]
    status.restrictions = [restriction for restriction in status.restrictions if restriction.case_id != case.pk]
    for item in [*status.flags, *status.restrictions]:
        # A link to another case of the resident's only for someone on that case: its
        # reference alone would tell the others that a (perhaps sensitive) case exists.
        item.may_open = item.case_id not in (None, case.pk) and permissions.has_chain_access(user, item.case)
    return status


@require_POST
def raise_flag(request, pk):
    """A CXM or a director raises a red flag on the case's resident."""
    case = _case_or_404(request, pk, permissions.has_chain_access)
    form = RaiseFlagForm(request.POST, urgent=case.immediate_risk)
    if form.is_valid():
        try:
            flags.raise_flag(case.customer, request.user, case=case, **form.service_values())
        except services.CaseworkError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"The red flag is raised on the resident of case {case.reference}.")
            return redirect("casework:case", pk=case.pk)
    return case_detail(request, pk, status=400, extra={"flag_form": form})


@require_POST
def end_flag(request, pk, flag_pk):
    """A CXM or a director ends a red flag that rests on this case, with the reason."""
    case = _case_or_404(request, pk, permissions.has_chain_access)
    if not permissions.in_role(request.user, *flags.RAISERS):
        raise Http404("No such flag")
    flag = get_object_or_404(RedFlag, pk=flag_pk, case=case, ended_at__isnull=True)
    if flag.restriction_id and flag.restriction.is_current:
        # No form is offered for it: say why on the case page.
        messages.error(request, "This flag rests on contact restrictions that are still current: it ends with them.")
        return redirect("casework:case", pk=case.pk)
    form = EndFlagForm(request.POST, flag=flag)
    if form.is_valid():
        try:
            flags.end_flag(flag, request.user, form.cleaned_data["reason"])
        except services.CaseworkError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"The red flag from case {case.reference} has ended.")
            return redirect("casework:case", pk=case.pk)
    return case_detail(request, pk, status=400, extra={"end_flag_forms": {flag.pk: form}})


def _field_for(error, form):
    aliases = {"kind": "flag_kind"}
    field = aliases.get(error.field, error.field)
    return field if field in form.fields else None


def name_someone(request, pk):
    """A named person adds someone to a sensitive case's list (and, when the case waits at a
    step nobody on the list can take, gives them that step)."""
    case = _case_or_404(request, pk, permissions.can_name_people)
    form = NamePersonForm(request.POST if request.method == "POST" else None, case=case)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            person = form.cleaned_data["person"]
            try:
                takes_step = services.name_person(case, request.user, person)
            except services.CaseworkError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                name = display_name(person)
                messages.success(
                    request,
                    f"{name} is named on case {case.reference}"
                    + (" and takes its waiting step." if takes_step else "."),
                )
                return redirect("casework:case", pk=case.pk)
        status = 400
    waiting = _waiting_unassigned(case)
    return render(
        request, "casework/name_someone.html", {"case": case, "form": form, "waiting": waiting}, status=status
    )


def _waiting_unassigned(case):
    """The open step of a sensitive case that nobody on its list can take, or None."""
    step = case.current_step
    if not case.sensitive or step is None or step.status != Step.Status.OPEN or step.assignees.exists():
        return None
    return step


def timeline(request, pk):
    case = _case_or_404(request, pk)
    services.log_access(case, request.user, "timeline")
    events = case.events.select_related("actor")
    chain = permissions.has_chain_access(request.user, case)
    if not chain:
        events = events.filter(shown_to_reporter=True)
    return render(request, "casework/timeline.html", {"case": case, "events": events, "chain": chain})


def evidence(request, pk, file_pk):
    case = _case_or_404(request, pk, permissions.can_view_evidence)
    item = get_object_or_404(EvidenceFile, pk=file_pk, case=case)
    services.log_access(case, request.user, "evidence file", item.original_name)
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def access_log(request, pk):
    case = _case_or_404(request, pk, permissions.can_read_access_log)
    entries = AccessLogEntry.objects.filter(case=case).select_related("user")
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "casework/access_log.html", {"case": case, "page_obj": page, "entries": page.object_list})
