"""The head of customer services imports residents from the admin: a preview first, then apply."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import Customer
from home import roles
from tests.factories import UserFactory

URL = "/admin/residents/import/"
FILE = (
    b"reference,name,address,postcode,sex\n"
    b"C300001,Aisha Barker,1 Birch Walk,SW18 2BB,female\n"
    b"C300002,=cmd|' /C calc'!A0,2 Birch Walk,SW18 2BB,male\n"
)


def upload(client, data=FILE):
    return client.post(URL, {"file": SimpleUploadedFile("residents.csv", data, content_type="text/csv")})


def test_preview_then_apply(org, client):
    client.force_login(org.jclarke)
    assert client.get(URL).status_code == 200
    response = upload(client)
    text = response.content.decode()
    assert response.status_code == 200
    assert "1 would be created, 0 would be updated, 0 unchanged, 1 refused" in text
    assert "spreadsheets run as a formula" in text and "Nothing has changed yet" in text
    assert not Customer.objects.exists()
    token = client.session["casework_resident_import"]
    response = client.post(URL, {"apply": token})
    assert "1 created, 0 updated, 0 unchanged, 1 refused" in response.content.decode()
    assert list(Customer.objects.values_list("reference", "sex")) == [("C300001", "female")]
    # The preview is used once.
    assert client.post(URL, {"apply": token}).status_code == 400
    assert Customer.objects.count() == 1


def test_a_file_that_is_not_residents_is_refused_with_its_reason(org, client):
    client.force_login(org.jclarke)
    response = upload(client, b"name,address\nA,B\n")
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode() and "no column" in response.content.decode()
    response = client.post(URL, {})
    assert response.status_code == 400 and "This field is required" in response.content.decode()


# 404 for those who use the admin for something else, and for contractors anywhere in it; the
# admin's own "for editors and administrators" page (403) for other staff who do not use it at all.
@pytest.mark.parametrize(
    ("username", "status"), [("rkaur", 404), ("gevans", 404), ("pshah", 403), ("tnguyen", 403), ("dfoster", 404)]
)
def test_only_the_head_of_customer_services_imports(org, client, username, status):
    UserFactory(username="dfoster", roles=[roles.CONTRACTORS], roles__staff=False)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    assert client.get(URL).status_code == status
    assert upload(client).status_code == status
    assert not Customer.objects.exists()


def test_the_import_page_lists_the_columns_a_file_may_have(org, client):
    from bs4 import BeautifulSoup

    client.force_login(org.jclarke)
    page = BeautifulSoup(client.get(URL).text, "html.parser")
    listed = page.select(".import-columns tbody tr")
    rows = {row.find("code").get_text(): row.get_text(" ", strip=True) for row in listed}
    assert list(rows)[:5] == ["reference", "name", "address", "postcode", "tenancy"]
    assert "Required. At most 20 characters" in rows["reference"]
    assert "16_24" in rows["age_band"] and "75_plus" in rows["age_band"]
    assert "not_known" not in rows["sex"] and "female, male" in rows["sex"]
    assert "README" not in page.get_text()
