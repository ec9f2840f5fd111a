import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from opgaver.models import Channel, Delivery, DeliveryStatus, RecipientKind, Reminder, ReminderRule, Task

from .factories import UserFactory, YouthFactory


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    title = "Ring til den unge"
    due_date = factory.LazyFunction(timezone.localdate)
    assignee = factory.SubFactory(UserFactory)
    youth = factory.SubFactory(YouthFactory)


class ReminderRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderRule
        django_get_or_create = ["key"]

    key = "sag_uden_journal"
    name = "Sag uden journalnotat i 60 dage"


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    class Params:
        youth = factory.SubFactory(YouthFactory)

    rule = factory.SubFactory(ReminderRuleFactory)
    content_type = factory.LazyFunction(lambda: ContentType.objects.get(app_label="fritidsjob", model="youth"))
    object_id = factory.LazyAttribute(lambda o: o.youth.pk)
    due_date = factory.LazyFunction(timezone.localdate)


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    reminder = factory.SubFactory(ReminderFactory)
    channel = Channel.EMAIL
    recipient_kind = RecipientKind.STAFF
    to = factory.Sequence(lambda n: f"medarbejder{n}@example.dk")
    subject = "Ny opgave i Fritidsjob"
    body_text = "Du har fået en ny opgave."
    send_after = factory.LazyFunction(timezone.now)
    status = DeliveryStatus.PENDING


class FailedDeliveryFactory(DeliveryFactory):
    status = DeliveryStatus.FAILED
    attempts = 6
    last_error = "SMTPServerDisconnected: Connection unexpectedly closed"
