"""Residents from the housing management system's CSV: loaded and updated by reference, the
same file twice changing nothing; each bad row refused with its line number and reason while
the good rows load; nothing half-applied; nobody deleted."""

import io

import pytest
from django.core.management import CommandError, call_command

from casework.models import Customer
from casework.services.residents_import import ImportRefused, import_residents
from tests.casework.factories import submitted_case
from tests.factories import CustomerFactory

HEADING = (
    "reference,name,address,postcode,tenancy,age_band,disability,sex,gender_reassignment,"
    "marriage_civil_partnership,pregnancy_maternity,ethnicity,religion_belief,sexual_orientation\n"
)
GOOD = (
    'C200001,Aisha Barker,"Flat 1, Birch Walk, London",SW18 2BB,Assured tenancy T1,35_44,no,female,no,'
    "married,neither,black,christian,heterosexual\n"
    'C200002,Ben Costa,"2 Cedar House, London",SW17 3CC,Starter tenancy T2,75 or over,Disabled,Male,,,,'
    "White,No religion,Prefer not to say\n"
)
BAD = (
    b",Nobody Atall,1 Nowhere,SW1 1AA,,,,,,,,,,\n"  # line 4: missing reference
    b"C200003,Dee Dunn,3 Damson Road,SW19 4DD,,,,,,,,,,\n"  # line 5: duplicate of line 6
    b"C200003,Dee Dunn-Egan,3 Damson Road,SW19 4DD,,,,,,,,,,\n"  # line 6
    b"C200004,Efua Egan,4 Elm Terrace,SW18 5EE,,,,alien,,,,,,\n"  # line 7: unknown value for sex
)
ENCODING = "C200005,Jos\xe9 Fletcher,5 Foxglove Close,SW17 6FF,,,,,,,,,,\n".encode("latin-1")  # line 8
FORMULA = b'C200006,=HYPERLINK("http://x"),6 Garratt Lane,SW18 7GG,,,,,,,,,,\n'  # line 9
LAST_GOOD = b"C200007,Hana Hughes,7 Hazel Mews,SW19 8HH,,,,,,,,,,\n"  # line 10


def bad_file():
    return (HEADING + GOOD).encode() + BAD + ENCODING + FORMULA + LAST_GOOD


def test_good_rows_load_with_their_characteristics(db):
    report = import_residents((HEADING + GOOD).encode())
    assert report.created == ["C200001", "C200002"] and not report.refused
    aisha = Customer.objects.get(reference="C200001")
    assert (aisha.name, aisha.address, aisha.postcode, aisha.tenancy) == (
        "Aisha Barker",
        "Flat 1, Birch Walk, London",
        "SW18 2BB",
        "Assured tenancy T1",
    )
    assert (aisha.age_band, aisha.sex, aisha.ethnicity, aisha.religion_belief) == (
        "35_44",
        "female",
        "black",
        "christian",
    )
    ben = Customer.objects.get(reference="C200002")
    assert (ben.age_band, ben.disability, ben.sex, ben.gender_reassignment) == ("75_plus", "yes", "male", "not_known")
    assert ben.sexual_orientation == "prefer_not_to_say"


def test_the_same_file_twice_changes_nothing_and_a_change_is_an_update(db):
    import_residents((HEADING + GOOD).encode())
    again = import_residents((HEADING + GOOD).encode())
    assert (again.created, again.updated, again.unchanged) == ([], [], ["C200001", "C200002"])
    moved = import_residents(b"reference,name,postcode\nc200001,Aisha Barker,SW18 9ZZ\n")
    assert moved.updated == ["C200001"]
    aisha = Customer.objects.get(reference="C200001")
    # Columns not in the file are left as they were.
    assert (aisha.postcode, aisha.address, aisha.sex) == ("SW18 9ZZ", "Flat 1, Birch Walk, London", "female")
    assert Customer.objects.count() == 2


def test_each_bad_row_is_refused_with_its_line_and_reason_and_the_good_rows_load(db):
    report = import_residents(bad_file())
    refused = {(row.line, row.reference): row.reason for row in report.refused}
    assert set(refused) == {(4, ""), (5, "C200003"), (6, "C200003"), (7, "C200004"), (8, "C200005"), (9, "C200006")}
    assert refused[(4, "")] == "no customer reference"
    assert refused[(5, "C200003")] == "the reference is also on line 6: neither is loaded"
    assert refused[(7, "C200004")] == "“alien” is not a value for sex"
    assert "wrong encoding" in refused[(8, "C200005")]
    assert "formula" in refused[(9, "C200006")]
    assert report.created == ["C200001", "C200002", "C200007"]
    assert set(Customer.objects.values_list("reference", flat=True)) == {"C200001", "C200002", "C200007"}


def test_a_preview_saves_nothing(db):
    report = import_residents(bad_file(), apply=False)
    assert report.created == ["C200001", "C200002", "C200007"] and len(report.refused) == 6
    assert "would be created" in report.summary()
    assert not Customer.objects.exists()


def test_a_refused_row_leaves_the_resident_as_they_were(db):
    CustomerFactory(reference="C200004", name="Efua Egan", sex="female")
    import_residents(bad_file())
    efua = Customer.objects.get(reference="C200004")
    assert efua.sex == "female" and efua.address != "4 Elm Terrace"


def test_nobody_is_deleted_least_of_all_a_resident_with_cases(org):
    case = submitted_case(org.sali)
    import_residents((HEADING + GOOD).encode())
    assert Customer.objects.filter(pk=case.customer_id).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty or is not a CSV file."),
        (b"name,address\nAisha,1 Road\n", "The file has no column “reference”"),
        (b"reference,name,name\nC1,A,B\n", "The column “name” appears twice"),
    ],
)
def test_a_file_that_is_not_a_residents_csv_is_refused_whole(db, data, message):
    with pytest.raises(ImportRefused, match=message):
        import_residents(data)
    assert not Customer.objects.exists()


def test_the_command_reports_every_row(db, tmp_path):
    path = tmp_path / "residents.csv"
    path.write_bytes(bad_file() + b"")
    out = io.StringIO()
    call_command("import_residents", str(path), "--dry-run", stdout=out)
    assert "Dry run, nothing changed: residents 3 would be created" in out.getvalue()
    assert not Customer.objects.exists()
    out = io.StringIO()
    call_command("import_residents", str(path), stdout=out)
    text = out.getvalue()
    assert "Line 4 refused: no customer reference." in text
    assert "Line 7 (C200004) refused: “alien” is not a value for sex." in text
    assert "residents 3 created, 0 updated, 0 unchanged, 6 refused." in text
    with pytest.raises(CommandError, match="no column"):
        (tmp_path / "wrong.csv").write_bytes(b"name\nx\n")
        call_command("import_residents", str(tmp_path / "wrong.csv"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_residents", str(tmp_path / "missing.csv"), stdout=io.StringIO())
