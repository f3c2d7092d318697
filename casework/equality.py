"""The protected characteristics of the Equality Act 2010 as the housing management system holds
them, for equality monitoring (Wandle 7.0; the LHP equality impact assessment). Every
characteristic has "not known" (the default) and "prefer not to say"."""

from django.db import models

NOT_KNOWN = "not_known"
PREFER_NOT_TO_SAY = "prefer_not_to_say"
UNANSWERED = [(NOT_KNOWN, "Not known"), (PREFER_NOT_TO_SAY, "Prefer not to say")]


def _choices(*answers):
    return [*answers, *UNANSWERED]


AGE_BAND = _choices(
    ("16_24", "16 to 24"),
    ("25_34", "25 to 34"),
    ("35_44", "35 to 44"),
    ("45_54", "45 to 54"),
    ("55_64", "55 to 64"),
    ("65_74", "65 to 74"),
    ("75_plus", "75 or over"),
)
DISABILITY = _choices(("yes", "Disabled"), ("no", "Not disabled"))
SEX = _choices(("female", "Female"), ("male", "Male"))
GENDER_REASSIGNMENT = _choices(
    ("yes", "Gender identity differs from sex registered at birth"),
    ("no", "Gender identity the same as sex registered at birth"),
)
MARRIAGE = _choices(
    ("married", "Married"),
    ("civil_partnership", "In a civil partnership"),
    ("neither", "Neither married nor in a civil partnership"),
)
PREGNANCY = _choices(
    ("pregnant", "Pregnant"),
    ("maternity", "On maternity (within 26 weeks of giving birth)"),
    ("neither", "Neither"),
)
# The five high-level groups of the 2021 census.
ETHNICITY = _choices(
    ("asian", "Asian or Asian British"),
    ("black", "Black, Black British, Caribbean or African"),
    ("mixed", "Mixed or multiple ethnic groups"),
    ("white", "White"),
    ("other", "Other ethnic group"),
)
RELIGION = _choices(
    ("none", "No religion"),
    ("buddhist", "Buddhist"),
    ("christian", "Christian"),
    ("hindu", "Hindu"),
    ("jewish", "Jewish"),
    ("muslim", "Muslim"),
    ("sikh", "Sikh"),
    ("other", "Any other religion or belief"),
)
SEXUAL_ORIENTATION = _choices(
    ("heterosexual", "Heterosexual or straight"),
    ("gay_lesbian", "Gay or lesbian"),
    ("bisexual", "Bisexual"),
    ("other", "Another sexual orientation"),
)

# Field name on the resident, its label, and its choices, in the Act's order.
CHARACTERISTICS = [
    ("age_band", "Age band", AGE_BAND),
    ("disability", "Disability", DISABILITY),
    ("gender_reassignment", "Gender reassignment", GENDER_REASSIGNMENT),
    ("marriage_civil_partnership", "Marriage and civil partnership", MARRIAGE),
    ("pregnancy_maternity", "Pregnancy and maternity", PREGNANCY),
    ("ethnicity", "Race or ethnicity", ETHNICITY),
    ("religion_belief", "Religion or belief", RELIGION),
    ("sex", "Sex", SEX),
    ("sexual_orientation", "Sexual orientation", SEXUAL_ORIENTATION),
]
FIELD_NAMES = [name for name, _, _ in CHARACTERISTICS]


def characteristic_field(label, choices):
    return models.CharField(label, max_length=30, choices=choices, default=NOT_KNOWN)


class EqualityFields(models.Model):
    """The characteristics as fields, for the resident to inherit."""

    age_band = characteristic_field("Age band", AGE_BAND)
    disability = characteristic_field("Disability", DISABILITY)
    gender_reassignment = characteristic_field("Gender reassignment", GENDER_REASSIGNMENT)
    marriage_civil_partnership = characteristic_field("Marriage and civil partnership", MARRIAGE)
    pregnancy_maternity = characteristic_field("Pregnancy and maternity", PREGNANCY)
    ethnicity = characteristic_field("Race or ethnicity", ETHNICITY)
    religion_belief = characteristic_field("Religion or belief", RELIGION)
    sex = characteristic_field("Sex", SEX)
    sexual_orientation = characteristic_field("Sexual orientation", SEXUAL_ORIENTATION)

    class Meta:
        abstract = True
