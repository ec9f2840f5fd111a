import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from fritidsjob.models import JournalEntry, School, Youth


def birth_date_for_age(age: int) -> datetime.date:
    """A birth date some weeks past the given birthday, so the age is stable during a test run."""
    today = timezone.localdate()
    return today.replace(year=today.year - age, day=min(today.day, 28)) - datetime.timedelta(days=30)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"medarbejder{n}")


class YouthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Youth

    first_name = factory.Sequence(lambda n: f"Ung{n}")
    last_name = "Testesen"
    birth_date = factory.LazyFunction(lambda: birth_date_for_age(15))
    school = factory.LazyFunction(lambda: School.objects.order_by("pk").first())
    postcode = "8800"
    in_target_group = True


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    youth = factory.SubFactory(YouthFactory)
    text = "Samtale om fritidsjob"
    author = factory.SubFactory(UserFactory)


class ClosedYouthFactory(YouthFactory):
    """A closed case (closed today): what may be anonymised (fritidsjob/erasure.py)."""

    status = "afsluttet"
    end_reason = "Flyttet fra kommunen"
    closed_on = factory.LazyFunction(timezone.localdate)
