"""The policy decisions are made under (LHP 34: the register records each use of the policy;
each decision says which version it applied)."""

from policy_pages.services import current_version

from ..models import CaseworkSettings


def policy_in_force():
    """The policy named in the casework settings, as it stands today.

    Takes nothing; returns a dict of Decision fields: `policy_version` (the PolicyVersion, or
    None), `policy_title` and `policy_version_label` (empty when no policy is set, it is not
    live, or it has no version history yet). Raises nothing."""
    page = CaseworkSettings.load().policy
    if page is None or not page.live:
        return {}
    version = current_version(page)
    return {
        "policy_version": version,
        "policy_title": page.title,
        "policy_version_label": version.label if version else "",
    }
