"""Factories for test data. Tests build what they need; nothing relies on the demo."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from casework.models import Customer
from home import roles
from home.models import StaffProfile, Team

PASSWORD = "correct-horse-battery"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A member of staff in the Staff group, with a staff profile.

    UserFactory(roles=[roles.DIRECTORS], line_manager=manager, team=team, job_title="Director")
    UserFactory(roles=[roles.CONTRACTORS], roles__staff=False)   # a contractor, not in the Staff group
    """

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@intranet.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        profile = {key: kwargs.pop(key) for key in ("line_manager", "team", "job_title") if key in kwargs}
        user = super()._create(model_class, *args, **kwargs)
        profile.setdefault("job_title", "Officer")
        StaffProfile.objects.update_or_create(user=user, defaults=profile)
        return user

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        if not create:
            return
        names = [*([roles.STAFF] if kwargs.get("staff", True) else []), *(extracted or [])]
        user.groups.set(Group.objects.filter(name__in=names))
        user.save()


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    reference = factory.Sequence(lambda n: f"T{n:06d}")
    name = factory.Sequence(lambda n: f"Resident {n}")
    address = factory.Sequence(lambda n: f"{n} Test Street, London")
    postcode = "SW18 1AA"
    tenancy = "Assured tenancy"
