"""Casework's models, one module per part of the domain (DESIGN: Casework layout)."""

from .appeals import APPEAL_DAYS, Appeal, AppealConflict, AppealDocument
from .breaches import Breach, BreachDocument, ContactRefusal
from .case import Case, CaseGroupObjectPermission, CaseUserObjectPermission, Customer
from .chain import DEFAULT_REVIEW_INTERVAL, Assignment, Comment, Decision, Question, Recommendation, Step
from .complaints import NewComplaint, NoReplyItem
from .flags import RED_FLAG_KIND_LABELS, RedFlag, ResidentCheck
from .letters import Letter, Letterhead, LetterKind, LetterTemplate
from .records import (
    AccessLogEntry,
    CaseEvent,
    EvidenceFile,
    ExportLogEntry,
    PrivateStorage,
    evidence_path,
    private_storage,
)
from .restrictions import Restriction, RestrictionEvent, add_months
from .retention import Anonymisation
from .reviews import REVIEW_OPENS_WORKING_DAYS_BEFORE, Review
from .settings import DEFAULT_BANK_HOLIDAYS, CaseworkSettings, parse_bank_holidays

__all__ = [
    "RED_FLAG_KIND_LABELS",
    "APPEAL_DAYS",
    "Appeal",
    "AppealConflict",
    "AppealDocument",
    "Assignment",
    "Breach",
    "BreachDocument",
    "DEFAULT_BANK_HOLIDAYS",
    "DEFAULT_REVIEW_INTERVAL",
    "AccessLogEntry",
    "Anonymisation",
    "Case",
    "CaseEvent",
    "CaseGroupObjectPermission",
    "CaseUserObjectPermission",
    "CaseworkSettings",
    "Comment",
    "ContactRefusal",
    "Customer",
    "Decision",
    "EvidenceFile",
    "ExportLogEntry",
    "Letter",
    "LetterKind",
    "LetterTemplate",
    "Letterhead",
    "NewComplaint",
    "NoReplyItem",
    "PrivateStorage",
    "Question",
    "Recommendation",
    "RedFlag",
    "ResidentCheck",
    "Restriction",
    "RestrictionEvent",
    "REVIEW_OPENS_WORKING_DAYS_BEFORE",
    "Review",
    "Step",
    "add_months",
    "evidence_path",
    "parse_bank_holidays",
    "private_storage",
]
