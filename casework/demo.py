"""Fifty fictional residents, the same fifty every time."""

from .models import Customer

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Daniel",
    "Efua",
    "Farah",
    "George",
    "Hana",
    "Ian",
    "Joy",
    "Kwame",
    "Lena",
    "Marcus",
    "Nadia",
    "Owen",
    "Patricia",
    "Qasim",
    "Rosa",
    "Samuel",
    "Tamsin",
    "Umar",
    "Vera",
    "Wesley",
    "Ximena",
    "Yusuf",
]
LAST_NAMES = [
    "Adeyemi",
    "Barker",
    "Costa",
    "Dunn",
    "Egan",
    "Fletcher",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jackson",
    "Kowalski",
    "Lloyd",
    "Mahmood",
    "Noble",
    "Osei",
    "Price",
    "Quinn",
    "Reid",
    "Sandhu",
    "Turner",
]
STREETS = [
    ("Alder Court", "SW18 1AA"),
    ("Birch Walk", "SW18 2BB"),
    ("Cedar House", "SW17 3CC"),
    ("Damson Road", "SW19 4DD"),
    ("Elm Terrace", "SW18 5EE"),
    ("Foxglove Close", "SW17 6FF"),
    ("Garratt Lane", "SW18 7GG"),
    ("Hazel Mews", "SW19 8HH"),
    ("Ivy Gardens", "SW18 9JJ"),
    ("Juniper Row", "SW17 0KK"),
]
TENANCIES = ["Assured tenancy", "Starter tenancy", "Shared ownership lease", "Secure tenancy"]


def demo_customers():
    for number in range(1, 51):
        first = FIRST_NAMES[(number * 7) % len(FIRST_NAMES)]
        last = LAST_NAMES[(number * 3) % len(LAST_NAMES)]
        street, postcode = STREETS[number % len(STREETS)]
        yield {
            "reference": f"C{100000 + number:06d}",
            "name": f"{first} {last}",
            "address": f"Flat {number}, {street}, London",
            "postcode": postcode,
            "tenancy": f"{TENANCIES[number % len(TENANCIES)]} T{200000 + number:06d}",
        }


def load(stdout=None):
    for values in demo_customers():
        Customer.objects.update_or_create(reference=values.pop("reference"), defaults=values)
    if stdout:
        stdout.write(f"Demo residents: {Customer.objects.count()}.")
