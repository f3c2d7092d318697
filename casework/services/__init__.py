"""The casework service layer: every change to a case goes through one of these functions.
Each checks who may act, raises CaseworkError (services.errors) with a message for the
person when the rules say no, writes the timeline and sends the notices. One module per
part of the domain; views import the names below and never the models' rules.
"""

from .access import log_access, mark_sensitive, name_person
from .conversation import add_comment, answer_question, ask_reporter
from .decisions import (
    decide_as_cxm,
    decide_as_director,
    decide_as_line_manager,
    recommendation_under_review,
    reporter_outcome_text,
    warned_before,
)
from .errors import AlreadyDecided, AlreadySubmitted, CaseworkError, IncompleteReport, NotAllowed
from .notices import display_name
from .reports import (
    REQUIRED_TO_SUBMIT,
    attach_evidence,
    discard_draft,
    keep_report,
    missing_for_submission,
    remove_evidence,
    save_draft,
    start_draft,
    started_by_token,
    submit_report,
)
from .routing import participants

__all__ = [
    "REQUIRED_TO_SUBMIT",
    "AlreadyDecided",
    "AlreadySubmitted",
    "CaseworkError",
    "IncompleteReport",
    "NotAllowed",
    "add_comment",
    "answer_question",
    "ask_reporter",
    "attach_evidence",
    "decide_as_cxm",
    "decide_as_director",
    "decide_as_line_manager",
    "discard_draft",
    "display_name",
    "keep_report",
    "log_access",
    "mark_sensitive",
    "missing_for_submission",
    "name_person",
    "participants",
    "recommendation_under_review",
    "remove_evidence",
    "reporter_outcome_text",
    "save_draft",
    "start_draft",
    "started_by_token",
    "submit_report",
    "warned_before",
]
