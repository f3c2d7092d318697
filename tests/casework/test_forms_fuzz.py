"""No input to the report or decision forms makes a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.models import Case
from tests.casework.factories import at_cxm, at_director, submitted_case

text = st.text(max_size=300)
maybe_list = st.lists(
    st.one_of(text, st.sampled_from(["phone", "email", "abusive_language", "restrictions"])), max_size=4
)
value = st.one_of(text, st.integers(-(10**12), 10**12).map(str), maybe_list, st.none())
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

REPORT_FIELDS = [
    "customer_query",
    "customer",
    "customer_not_found",
    "unlisted_customer_name",
    "unlisted_customer_details",
    "first_incident_date",
    "last_incident_date",
    "channels",
    "categories",
    "what_happened",
    "impact",
    "resident_told",
    "open_complaint_reference",
    "vulnerability",
    "immediate_risk",
    "other_staff",
    "action",
]
DECISION_FIELDS = [
    "step",
    "choice",
    "rationale",
    "recommendation_kind",
    "restriction_types",
    "terms",
    "duration_months",
    "review_interval_months",
    "complaint_status",
    "vulnerability_considered",
]


def _clean(data):
    # The test client cannot send None; a NUL byte is refused by Django's form fields with a message.
    return {key: val for key, val in data.items() if val is not None}


@FUZZ
@given(data=st.fixed_dictionaries({}, optional={name: value for name in REPORT_FIELDS}))
def test_report_form_never_fails(org, client, data):
    client.force_login(org.sali)
    response = client.post("/cases/report/", _clean(data))
    assert response.status_code in {200, 302, 400}, response.status_code


@pytest.mark.parametrize("stage", ["line_manager", "cxm", "director"])
def test_decision_forms_never_fail(org, client, stage):
    builders = {
        "line_manager": lambda: submitted_case(org.sali),
        "cxm": lambda: at_cxm(org),
        "director": lambda: at_director(org),
    }
    deciders = {"line_manager": org.tnguyen, "cxm": org.rkaur, "director": org.pshah}
    client.force_login(deciders[stage])

    @FUZZ
    @given(data=st.fixed_dictionaries({}, optional={name: value for name in DECISION_FIELDS}))
    def run(data):
        case = builders[stage]()
        response = client.post(f"/cases/{case.pk}/decide/", _clean(data))
        assert response.status_code in {200, 302, 400}, response.status_code
        case.refresh_from_db()
        assert case.status in Case.Status.values

    run()
