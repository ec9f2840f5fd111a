"""Factories for the mentor app. MentorFactory makes an approved mentor with complete vetting by default
(a børneattest obtained 100 days ago, assessed without remarks)."""

import datetime

import factory
from django.utils import timezone

from core.consent import ConsentKind
from mentorer.models import (
    AttestAssessment,
    Mentor,
    MentorRelationship,
    MentorSession,
    MentorStatus,
    RelationshipStatus,
    SessionForm,
    default_planned_end,
)
from tests.factories import UserFactory, YouthFactory
from tests.factories_foraeldre import ConsentFactory


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Mentor{n}")
    last_name = "Mentorsen"
    employer = "Testfirma A/S"
    job_title = "Butikschef"
    phone = "30405060"
    email = factory.Sequence(lambda n: f"mentor{n}@example.dk")
    postcode = "8800"
    languages = "dansk, engelsk"
    capacity = 2
    status = MentorStatus.APPROVED
    interview_on = factory.LazyFunction(lambda: days_ago(120))
    boerneattest_on = factory.LazyFunction(lambda: days_ago(100))
    boerneattest_assessment = AttestAssessment.CLEAR
    confidentiality_signed_on = factory.LazyFunction(lambda: days_ago(110))
    intro_course_on = factory.LazyFunction(lambda: days_ago(90))

    @factory.post_generation
    def industries(self, create, extracted, **kwargs):
        if create and extracted:
            self.industries.set(extracted)


class RelationshipFactory(factory.django.DjangoModelFactory):
    """A relationship written straight to the database (the rules are tested through the service)."""

    class Meta:
        model = MentorRelationship
        skip_postgeneration_save = True

    youth = factory.SubFactory(YouthFactory)
    mentor = factory.SubFactory(MentorFactory, status=MentorStatus.ACTIVE)
    start_date = factory.LazyFunction(lambda: days_ago(20))
    planned_end = factory.LazyAttribute(lambda r: default_planned_end(r.start_date))
    goals = "Jeg vil gerne have et fritidsjob i en butik."
    next_steps = "Skrive en ansøgning til Netto."
    status = RelationshipStatus.ACTIVE
    coordinator = factory.SubFactory(UserFactory)

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        """A relationship exists only with the consent to share with the mentor: given, unless consent=False."""
        if create and extracted is not False:
            ConsentFactory(youth=self.youth, kind=ConsentKind.SHARE_WITH_MENTOR, given_on=days_ago(400))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorSession

    relationship = factory.SubFactory(RelationshipFactory)
    date = factory.LazyFunction(timezone.localdate)
    duration_minutes = 60
    form = SessionForm.MEETING
    topic = "Jobsøgning"
    note = "Talte om hvordan man skriver en ansøgning."
