"""A report from its draft to its submission (DESIGN: The report form)."""

import hashlib

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from home import roles

from .. import permissions
from ..models import Case, CaseEvent, EvidenceFile, Step
from ..uploads import UploadRejected, check_upload, max_files
from .errors import AlreadyDecided, AlreadySubmitted, CaseworkError, IncompleteReport, NotAllowed
from .notices import display_name, notify_people
from .routing import eligible, line_manager_of, open_step


def start_draft(reporter, token=""):
    """A new draft report by `reporter`, or, for a new report's form `token` (32 hex characters)
    that already started one, that case (even if another request is starting it at this moment:
    the database allows one case per reporter and token). Returns the Case."""
    if not token:
        return Case.objects.create(reporter=reporter)
    try:
        with transaction.atomic():
            return Case.objects.create(reporter=reporter, draft_token=token)
    except IntegrityError:
        return Case.objects.get(reporter=reporter, draft_token=token)


def started_by_token(reporter, token):
    """The case `reporter`'s new report form `token` started, or None (no token, none yet)."""
    return Case.objects.filter(reporter=reporter, draft_token=token).first() if token else None


def keep_report(case, by, values, uploads, token=""):
    """Everything a POST of the report form brings is kept: every typed value that is valid
    (`values`: cleaned form values, possibly only some of the fields), and every acceptable
    file, on a draft created if there is none yet (for a new report's form `token`, the draft
    it started: start_draft). A file already attached, the same name and content, is not
    attached again: the same form sent again brings its files again. Returns the draft and the
    messages for files that were refused. Raises AlreadySubmitted when the form's draft was
    submitted meanwhile."""
    with transaction.atomic():
        if case is None:
            case = start_draft(by, token)
            if not case.is_draft:
                raise AlreadySubmitted(case)
        if values is not None:
            save_draft(case, by, values)
        uploads = [upload for upload in uploads if not _already_attached(case, upload)]
        problems = attach_evidence(case, by, uploads) if uploads else []
    return case, problems


def _already_attached(case, upload):
    for evidence in case.evidence.filter(original_name=upload.name, size=upload.size):
        with evidence.file.open("rb") as stored:
            if _digest(stored) == _digest(upload):
                return True
    return False


def _digest(file):
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.digest()


def save_draft(case, by, values):
    """Keep what the reporter typed. `values` are cleaned form values for the report's fields."""
    if not permissions.can_edit_draft(by, case):
        raise NotAllowed("Only the person who started this report can change it, and only before it is submitted.")
    for field, value in values.items():
        setattr(case, field, value)
    case.save()
    return case


def attach_evidence(case, by, uploads):
    """Store every acceptable file on the draft; return the messages for the ones refused."""
    if not permissions.can_edit_draft(by, case):
        raise NotAllowed("Evidence can only be added to your own report before it is submitted.")
    problems = []
    room = max_files() - case.evidence.count()
    for upload in uploads:
        if room <= 0:
            problems.append(f"“{upload.name}” was not attached: a report can have at most {max_files()} files.")
            continue
        try:
            name, content_type = check_upload(upload)
        except UploadRejected as error:
            problems.append(str(error))
            continue
        EvidenceFile.objects.create(
            case=case, file=upload, original_name=name, content_type=content_type, size=upload.size, uploaded_by=by
        )
        room -= 1
    return problems


def remove_evidence(case, by, evidence_id):
    if not permissions.can_edit_draft(by, case):
        raise NotAllowed("Evidence can only be removed from your own report before it is submitted.")
    evidence = case.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise CaseworkError("That file is not attached to this report.")
    evidence.file.delete(save=False)
    evidence.delete()


def discard_draft(case, by):
    """Delete `by`'s own draft report `case` with its evidence, the stored files too: a draft was
    never sent, so nobody else has seen it and nothing of it is kept. Returns nothing; raises
    NotAllowed for anyone else's report or one already submitted."""
    if not permissions.can_edit_draft(by, case):
        raise NotAllowed("Only the person who started this report can delete it, and only before it is submitted.")
    with transaction.atomic():
        files = [evidence.file for evidence in case.evidence.all()]
        case.delete()
        # The files go once the rows have: a failed delete leaves the draft whole.
        transaction.on_commit(lambda: [file.storage.delete(file.name) for file in files])


REQUIRED_TO_SUBMIT = {
    "first_incident_date": "Enter the date of the incident",
    "channels": "Choose at least one way the resident made contact",
    "categories": "Choose at least one kind of behaviour",
    "what_happened": "Describe what happened",
    "impact": "Describe the impact on staff and on the service",
    "resident_told": "Say whether the resident was told the behaviour is unacceptable",
}


def missing_for_submission(case):
    missing = {field: message for field, message in REQUIRED_TO_SUBMIT.items() if not getattr(case, field)}
    if not case.customer_id and not (case.customer_not_found and case.unlisted_customer_name.strip()):
        missing["customer"] = "Choose the resident, or tick “not found” and give their name"
    return missing


def submit_report(case, by):
    """Send a draft to the reporter's line manager (or straight to the CXMs when there is none)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not permissions.is_reporter(by, case):
            raise NotAllowed("Only the person who wrote this report can submit it.")
        if not case.is_draft:
            raise AlreadyDecided(f"Report {case.reference} has already been submitted.")
        missing = missing_for_submission(case)
        if missing:
            raise IncompleteReport(missing)
        case.submitted_at = timezone.now()
        line_manager = line_manager_of(case.reporter)
        CaseEvent.objects.create(
            case=case,
            actor=by,
            summary="Report submitted" + (" – immediate risk to staff" if case.immediate_risk else ""),
            shown_to_reporter=True,
            reporter_summary="You submitted your report.",
        )
        if line_manager is not None:
            step = open_step(case, Step.Kind.LINE_MANAGER, [line_manager])
        else:
            case.routing_note = (
                f"{display_name(case.reporter)} has no line manager on record, so the report went straight "
                "to the customer experience managers."
            )
            step = open_step(case, Step.Kind.CXM, eligible(case, roles.CUSTOMER_EXPERIENCE_MANAGERS, Step.Kind.CXM))
        case.save()
        if case.immediate_risk:
            _tell_of_immediate_risk(case, step)
        return case, step


def _tell_of_immediate_risk(case, step):
    """An urgent report reaches the CXMs and the head of customer services at once, whoever has
    its step: they may open it, and a CXM may raise an interim red flag (LHP 11)."""
    User = get_user_model()
    people = (
        User.objects.filter(
            groups__name__in=[roles.CUSTOMER_EXPERIENCE_MANAGERS, roles.HEAD_OF_CUSTOMER_SERVICES], is_active=True
        )
        .exclude(pk=case.reporter_id)
        .exclude(pk__in=step.assignees.values("pk"))
        .distinct()
    )
    people = permissions.may_reach(case, people)
    permissions.grant_case_access(case, people)
    notify_people(
        people,
        f"URGENT: case {case.reference} reports an immediate risk to staff",
        f"Case {case.reference} reports an immediate risk to staff. It is with the "
        f"{step.get_kind_display().lower()}; you can open it now, and a customer experience manager can "
        "raise an interim red flag.",
        case,
    )
