"""What the casework services raise when a rule says no. The message is for the person
who tried; views show it, on the named form field when there is one."""


class CaseworkError(Exception):
    """A rule of the chain said no; the message is for the person who tried, and `field`
    names the form field it is about, when it is about one."""

    def __init__(self, message, field=None):
        self.field = field
        super().__init__(message)


class NotAllowed(CaseworkError):
    pass


class AlreadyDecided(CaseworkError):
    pass


class AlreadySubmitted(CaseworkError):
    """The new report's form was sent again after the report it started was submitted."""

    def __init__(self, case):
        self.case = case
        super().__init__(f"Report {case.reference} is already submitted.")


class IncompleteReport(CaseworkError):
    def __init__(self, missing):
        self.missing = missing
        super().__init__("The report is not complete: " + "; ".join(missing.values()) + ".")
