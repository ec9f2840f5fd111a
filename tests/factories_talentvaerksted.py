import datetime

import factory
from django.utils import timezone

from talentvaerksted.models import (
    CV,
    Attendance,
    AttendanceStatus,
    Course,
    CourseSession,
    Enrollment,
    EnrollmentStatus,
)

from .factories import YouthFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Talentværksted hold {n}")
    place = "Ungdomsskolen"
    capacity = 12
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=28))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=28))
    topics = factory.LazyFunction(lambda: ["cv", "jobsamtale"])


class CourseSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseSession

    course = factory.SubFactory(CourseFactory)
    date = factory.LazyFunction(timezone.localdate)
    start_time = datetime.time(15, 30)
    end_time = datetime.time(17, 0)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    course = factory.SubFactory(CourseFactory)
    youth = factory.SubFactory(YouthFactory)
    status = EnrollmentStatus.ENROLLED


class CompletedEnrollmentFactory(EnrollmentFactory):
    status = EnrollmentStatus.COMPLETED
    completed_on = factory.LazyFunction(timezone.localdate)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(CourseSessionFactory)
    enrollment = factory.SubFactory(EnrollmentFactory, course=factory.SelfAttribute("..session.course"))
    status = AttendanceStatus.PRESENT


class CVFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CV

    youth = factory.SubFactory(YouthFactory)
    profile = "Jeg er glad for at hjælpe andre."
    skills = "Mødestabil\nHjælpsom"
