"""Who may do what in casework. Object-level rules are added with the casework itself."""

from home import roles

ROLE_PERMISSIONS = {
    # Every member of staff looks a resident up when reporting or before a visit.
    roles.STAFF: ["casework.view_customer"],
}
