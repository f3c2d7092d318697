"""Who may do what in the policy library."""

ROLE_PERMISSIONS = {}
