"""Who may do what in casework.

Nobody sees a case through their group alone. When a case reaches a person they
are given the object permission "casework.view_case" for that one case
(django-guardian); the reporter sees their own report through being its
reporter. Every view asks this module, and anything refused is a 404.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.signals import post_migrate
from guardian.shortcuts import assign_perm, remove_perm

from home import roles

VIEW_CASE = "casework.view_case"

ROLE_PERMISSIONS = {
    # Every member of staff looks a resident up when reporting or before a visit,
    # and may report unacceptable behaviour.
    roles.STAFF: ["casework.view_customer", "casework.add_case"],
    # The Wagtail admin's case list (filtered case by case, see CaseAdminPermissionHelper).
    roles.CUSTOMER_EXPERIENCE_MANAGERS: [roles.ADMIN_ACCESS],
    roles.HEAD_OF_CUSTOMER_SERVICES: [
        roles.ADMIN_ACCESS,
        "casework.change_caseworksettings",
        # Each kind of letter's wording and the letterhead are content they keep (DESIGN: Letters).
        "casework.add_lettertemplate",
        "casework.change_lettertemplate",
        "casework.view_lettertemplate",
        "casework.change_letterhead",
    ],
}

# Roles that may have a step of a case assigned to them (besides line managers).
CHAIN_ROLES = {roles.CUSTOMER_EXPERIENCE_MANAGERS, roles.DIRECTORS, roles.HEAD_OF_CUSTOMER_SERVICES}
# Roles that see the case list in the Wagtail admin (each still only the cases shared with them).
CASE_LIST_ROLES = {roles.CUSTOMER_EXPERIENCE_MANAGERS, roles.HEAD_OF_CUSTOMER_SERVICES}


def in_role(user, *names):
    return bool(roles.role_names(user) & set(names))


_view_permission_ids = {}


def _view_permission_id():
    """The id of "casework.view_case", asked once per process: filtering on it needs no join."""
    from django.db import connection

    if connection.alias not in _view_permission_ids:
        _view_permission_ids[connection.alias] = Permission.objects.get(
            content_type__app_label="casework", codename="view_case"
        ).pk
    return _view_permission_ids[connection.alias]


def _forget_permission_ids(**kwargs):
    # A flushed and migrated database (tests) may give the permission a new id.
    _view_permission_ids.clear()


post_migrate.connect(_forget_permission_ids, dispatch_uid="casework.permissions.forget_permission_ids")


def _grants():
    from .models import CaseUserObjectPermission

    return CaseUserObjectPermission.objects.filter(permission_id=_view_permission_id())


# --- Granting and revoking ------------------------------------------------------


def named_people_ids(case):
    """The ids of the people given this case object by object: on a sensitive case, its named list."""
    return set(_grants().filter(content_object=case).values_list("user_id", flat=True))


def may_reach(case, users):
    """The one rule for who a case may reach.

    Takes a case and people who are about to be assigned a step of it, given access to it,
    told about it or shown it in a list; returns those of them who may be, in their order:
    everyone for an ordinary case, and for a sensitive case only its named people (those with
    access now). It never adds anyone: a sensitive case's list grows only by `name_person`
    (casework.services.access), done by someone already on it.
    """
    users = list(users)
    if not case.sensitive:
        return users
    named = named_people_ids(case)
    return [user for user in users if user.pk in named]


def grant_case_access(case, users):
    """Give each person the case may reach (see may_reach) the object permission for this one case."""
    for user in may_reach(case, users):
        assign_perm(VIEW_CASE, user, case)


def add_named_person(case, user):
    """Put one person on a sensitive case's named list: the only way that list grows."""
    assign_perm(VIEW_CASE, user, case)


def revoke_case_access(case, users):
    for user in users:
        remove_perm(VIEW_CASE, user, case)


def users_with_case_access(case):
    """The people given this case object by object (not the reporter, unless also in the chain)."""
    User = get_user_model()
    granted = _grants().filter(content_object=case).values("user_id")
    return User.objects.filter(pk__in=granted).order_by("first_name", "last_name", "username")


# --- Reading -------------------------------------------------------------------


def _granted_to(user):
    # One correlated subquery on the grant table's (user, permission, case) index, so
    # lists cost the same whatever the number of cases.
    return _grants().filter(user=user, content_object=OuterRef("pk"))


def cases_shared_with(user, queryset=None):
    """Cases given to this person object by object. Never through a group or a global permission."""
    from .models import Case

    queryset = Case.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(Exists(_granted_to(user)))


def shared_count(user):
    """How many cases are shared with this person, as cases_shared_with(user) lists them: one
    index range of their own grants (a grant goes when its case goes), not a pass over cases."""
    if not user.is_authenticated:
        return 0
    return _grants().filter(user=user).count()


def sensitive_cases_hidden_from(user):
    """The sensitive cases this person is not named on: a queryset of their ids, read from the
    (few) sensitive cases only, to keep other records of those cases out of a list without
    joining every case to each row."""
    from .models import Case

    return Case.objects.filter(sensitive=True).exclude(Exists(_granted_to(user))).values("pk")


def hidden_sensitive_count(user):
    """How many sensitive cases exist that this person is not named on: one query over the
    (few) sensitive cases, whatever the number of cases."""
    from .models import Case

    # NOT EXISTS inside the aggregate's filter is probed once per sensitive case on the grants'
    # unique index; in a WHERE clause PostgreSQL turns it into an anti-join that hashes every
    # grant the person has (tens of thousands for a customer experience manager).
    hidden = Case.objects.filter(sensitive=True).aggregate(n=Count("pk", filter=~Q(Exists(_granted_to(user)))))
    return hidden["n"]


def visible_cases(user, queryset=None):
    """Every case this person may open: shared with them, or their own report."""
    from .models import Case

    queryset = Case.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(Q(Exists(_granted_to(user))) | Q(reporter=user)).exclude(
        Q(status=Case.Status.DRAFT) & ~Q(reporter=user)
    )


def has_chain_access(user, case):
    """In the chain for this case: sees the whole case, its notes and its timeline."""
    if not user.is_authenticated or case.is_draft:
        return False
    known = case.__dict__.get("chain_access_known")
    if known is not None and user.pk in known:
        return known[user.pk]
    return _grants().filter(user=user, content_object=case).exists()


def remember_chain_access(user, case):
    """has_chain_access, asked once for a page about to be built from `case` as loaded for this
    request, with nothing left to change: the page's other rules (the access log, naming
    people, letters) read the answer from the case object instead of asking again. Returns it."""
    answer = has_chain_access(user, case)
    case.chain_access_known = {user.pk: answer}
    return answer


def chain_access_among(user, cases):
    """The ids of those of `cases` (Case objects) this person is in the chain for, as
    has_chain_access decides for each: one query whatever their number, for a page listing
    many residents' flags (the check page). Returns a set of ids; raises nothing."""
    open_ids = {case.pk for case in cases if not case.is_draft}
    if not user.is_authenticated or not open_ids:
        return set()
    return set(_grants().filter(user=user, content_object__in=open_ids).values_list("content_object_id", flat=True))


def is_reporter(user, case):
    return user.is_authenticated and case.reporter_id == user.pk


def can_view_case(user, case):
    return is_reporter(user, case) or has_chain_access(user, case)


def can_view_evidence(user, case):
    return can_view_case(user, case)


def can_edit_draft(user, case):
    return is_reporter(user, case) and case.is_draft


def can_read_access_log(user, case):
    return in_role(user, roles.DIRECTORS) and has_chain_access(user, case)


def can_mark_sensitive(user, case):
    return has_chain_access(user, case) and not case.is_draft


def can_name_people(user, case):
    """Only someone on a sensitive case's named list adds another person to it."""
    return case.sensitive and has_chain_access(user, case)


def may_take_step(user, case, kind):
    """Whether this person could be assigned a step of this kind (ignoring the named list):
    line manager steps go to anyone but the reporter; later steps to their role."""
    from .models import Step

    if not user.is_active or user.pk == case.reporter_id:
        return False
    if kind == Step.Kind.CXM:
        return in_role(user, roles.CUSTOMER_EXPERIENCE_MANAGERS)
    if kind == Step.Kind.DIRECTOR:
        return in_role(user, roles.DIRECTORS)
    return True


def can_comment(user, case):
    return has_chain_access(user, case)


def is_assignee(user, step):
    if step is None or not user.is_authenticated:
        return False
    return step.assignees.filter(pk=user.pk).exists()


def can_have_cases_assigned(user):
    """Line managers and the chain roles: the people an "Awaiting my decision" queue is for."""
    if not user.is_authenticated:
        return False
    if in_role(user, *CHAIN_ROLES):
        return True
    return user.direct_reports.exists()


def can_see_case_list(user):
    return in_role(user, *CASE_LIST_ROLES)


# --- Red flags and restrictions: three layers of sight (DESIGN: Outcomes) -------------

SIGHT_CONTRACTOR = "contractor"  # the flag's kind and handling instruction only
SIGHT_STAFF = "staff"  # + contact arrangements, what always stays open, until when
SIGHT_CASE = "case"  # + everything, and the case itself


def is_contractor(user):
    """A contractor who is not also staff: sees flags at the contractor's layer, nothing else."""
    return roles.is_contractor(user)


def can_download_survey_exclusion(user):
    """Wandle 5.0: the head of customer services and the CXMs keep residents under restriction
    out of feedback surveys."""
    return in_role(user, roles.CUSTOMER_EXPERIENCE_MANAGERS, roles.HEAD_OF_CUSTOMER_SERVICES)


def can_check_residents(user):
    """Everyone who signs in to do their job checks a resident before a call or a visit."""
    return in_role(user, roles.STAFF, roles.CONTRACTORS)


def flag_sight(user, case=None):
    """How much of a resident's flags and restrictions this person sees: SIGHT_CASE for the
    people of the case they rest on, SIGHT_CONTRACTOR for contractors, SIGHT_STAFF for all
    other staff. Never the narrative, evidence, health details or the reporter outside SIGHT_CASE."""
    if is_contractor(user):
        return SIGHT_CONTRACTOR
    if case is not None and has_chain_access(user, case):
        return SIGHT_CASE
    return SIGHT_STAFF


# --- Letters to the resident (DESIGN: Outcomes, Letters) ------------------------------


def can_read_letters(user, case):
    """The case's people read and download its letters; the reporter is told one has gone,
    never shown it, and everyone else gets 404."""
    return has_chain_access(user, case)


def can_prepare_letters(user, case):
    """A customer experience manager working on the case prepares, edits and issues its letters."""
    return in_role(user, roles.CUSTOMER_EXPERIENCE_MANAGERS) and has_chain_access(user, case)


# --- Appeals (Wandle 3.10) --------------------------------------------------------------


def can_record_appeal(user):
    """Any member of staff who receives an appeal records it; contractors do not."""
    return user.is_authenticated and in_role(user, roles.STAFF) and not is_contractor(user)


def can_see_appeal(user, appeal):
    """The case's people (the deciding director is given the case) read the appeal."""
    return has_chain_access(user, appeal.case)


def can_decide_appeal(user, appeal):
    """Only the person the open appeal is with decides it, or declares a conflict."""
    return appeal.status == "with_director" and appeal.director_id == user.pk and has_chain_access(user, appeal.case)


def can_name_appeal_decider(user, appeal):
    """When no director is free of the case, the head of customer services names who decides."""
    return (
        appeal.status == "needs_someone"
        and in_role(user, roles.HEAD_OF_CUSTOMER_SERVICES)
        and has_chain_access(user, appeal.case)
    )


# --- Reviews of restrictions (Wandle 3.9, LHP 29) ---------------------------------------


def can_see_review(user, review):
    """The case's people read its reviews (an escalation gives the head of customer services the case)."""
    return has_chain_access(user, review.case)


def can_record_review(user, review):
    """A customer experience manager working on the case records a review waiting for them."""
    return (
        review.status == "with_cxm"
        and in_role(user, roles.CUSTOMER_EXPERIENCE_MANAGERS)
        and has_chain_access(user, review.case)
    )


def can_decide_review(user, review):
    """Only the director the review is with approves it or sends it back."""
    return review.status == "with_director" and review.director_id == user.pk and has_chain_access(user, review.case)


def sync_role_extras(groups):
    """Nothing beyond model permissions: case access is granted case by case."""
    return None


# --- The register and the residents' records ------------------------------------------

REGISTER_ROLES = {roles.HEAD_OF_CUSTOMER_SERVICES, roles.CUSTOMER_EXPERIENCE_MANAGERS, roles.DIRECTORS}


def can_see_register(user):
    """Wandle 3.1, LHP 34: the head of customer services keeps the register of every warning,
    restriction and red flag; the CXMs and the directors read it. Nobody else (404)."""
    return in_role(user, *REGISTER_ROLES)


def named_on(user, case_field="case"):
    """A condition on any model with a foreign key to a case (`case_field`): true where this
    person was given that case object by object. One correlated subquery, as in the lists."""
    return Exists(_grants().filter(user=user, content_object=OuterRef(case_field)))


def can_import_residents(user):
    """Residents come from the housing management system; the head of customer services loads them."""
    return in_role(user, roles.HEAD_OF_CUSTOMER_SERVICES)


def can_see_equality_monitoring(user):
    """Wandle 7.0, the LHP equality impact assessment: the head of customer services and the
    directors compare the residents restricted with the whole population."""
    return in_role(user, roles.HEAD_OF_CUSTOMER_SERVICES, roles.DIRECTORS)


def can_see_board_report(user):
    """LHP 35: the annual report to the Board of how the policy was used, prepared by the head of
    customer services and read by the directors. Nobody else (404)."""
    return in_role(user, roles.HEAD_OF_CUSTOMER_SERVICES, roles.DIRECTORS)


def can_see_retention_schedule(user):
    """The head of customer services sees what the retention schedule will anonymise next."""
    return in_role(user, roles.HEAD_OF_CUSTOMER_SERVICES)


def is_executive_director_of_customers(user):
    """LHP 31 and 33: only the Executive Director of Customers refuses all contact and judges
    a new complaint from a restricted resident (or a director they delegate it to)."""
    return in_role(user, roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS)


# --- What a restricted resident sends: new complaints and no-reply items (LHP 30, 33) ----


def can_log_from_check_page(user):
    """Any member of staff who receives a new complaint, or something on a topic that gets no
    reply, logs it from the check page; contractors do not. Logging gives no sight of the case."""
    return can_record_appeal(user)


def can_see_new_complaints(user):
    """The page of open new complaints: the Executive Director of Customers, and the directors
    they may delegate one to. Nobody else (404)."""
    return in_role(user, roles.EXECUTIVE_DIRECTOR_OF_CUSTOMERS, roles.DIRECTORS)


def can_see_new_complaint(user, complaint):
    """The case's people read a new complaint on its restriction; so does the Executive
    Director of Customers, who judges it, wherever the case may reach them (on a sensitive
    case, only once named on it)."""
    if has_chain_access(user, complaint.case):
        return True
    return is_executive_director_of_customers(user) and user.is_active and bool(may_reach(complaint.case, [user]))


def can_decide_new_complaint(user, complaint):
    """LHP 33: the Executive Director of Customers, or the director they delegated it to,
    accepts or declines an open new complaint. Nobody else: not another director, not the head
    of customer services, not the CXMs."""
    if not complaint.is_open or not user.is_active or not can_see_new_complaint(user, complaint):
        return False
    if is_executive_director_of_customers(user):
        return True
    return complaint.status == "delegated" and complaint.delegated_to_id == user.pk


def can_delegate_new_complaint(user, complaint):
    """Only the Executive Director of Customers gives an open new complaint to a director."""
    return complaint.is_open and is_executive_director_of_customers(user) and can_see_new_complaint(user, complaint)


def can_see_no_reply_item(user, item):
    """The colleague named to read it (while the case may reach them) and the case's people."""
    if has_chain_access(user, item.case):
        return True
    return item.reader_id == user.pk and user.is_active and bool(may_reach(item.case, [user]))


def can_mark_no_reply_item_read(user, item):
    """The colleague named to read it marks it read; a CXM of the case does so when nobody is
    named or once it has been escalated to them for lying unread."""
    if item.is_read or not can_see_no_reply_item(user, item):
        return False
    if item.reader_id == user.pk:
        return True
    cxm = in_role(user, roles.CUSTOMER_EXPERIENCE_MANAGERS) and has_chain_access(user, item.case)
    return cxm and (item.reader_id is None or item.escalated_at is not None)


# --- Breaches and refusing all contact (LHP 31) -----------------------------------------


def can_record_breach(user):
    """Any member of staff a restricted resident contacts against the arrangements records the
    breach, from the check page, whether or not they are on the case; contractors do not."""
    return user.is_authenticated and in_role(user, roles.STAFF) and not is_contractor(user)


def can_see_breaches(user, case):
    """What happened in each breach, its evidence and who recorded it: the case's people only.
    Other staff see how many breaches there are and when (the check page)."""
    return has_chain_access(user, case)


def can_refuse_all_contact(user, case):
    """LHP 31: only the Executive Director of Customers, on a case that has reached them (a
    breach gives it to them; on a sensitive case, only if they are on its named list)."""
    return is_executive_director_of_customers(user) and has_chain_access(user, case)
