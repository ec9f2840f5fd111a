"""Factories for the parents' app. ConsentFactory makes a consent that is valid today by default:
given by a custody holder linked to the young person, with the young person's own consent too."""

import datetime

import factory
from django.utils import timezone

from foraeldre import services
from foraeldre.models import (
    Consent,
    ConsentKind,
    ContactKind,
    GuideLanguage,
    InformationEvent,
    Parent,
    ParentContact,
    Relation,
    SignUp,
    SignUpSubmitter,
)
from tests.factories import UserFactory, YouthFactory, birth_date_for_age


class ParentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parent
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Forælder{n}")
    last_name = "Testesen"
    phone = "40506070"
    relation = Relation.MOTHER
    has_custody = True

    @factory.post_generation
    def children(self, create, extracted, **kwargs):
        """ParentFactory(children=[youth, ...]); without it, one new young person."""
        if not create:
            return
        self.children.set(extracted if extracted is not None else [YouthFactory()])


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    youth = factory.SubFactory(YouthFactory)
    kind = ConsentKind.SHARE_WITH_COMPANY
    given_by = factory.LazyAttribute(lambda consent: ParentFactory(children=[consent.youth]))
    youth_consented = True
    given_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    recorded_by = factory.SubFactory(UserFactory)


class ParentContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentContact

    parent = factory.SubFactory(ParentFactory)
    kind = ContactKind.GUIDANCE
    date = factory.LazyFunction(timezone.localdate)
    staff = factory.SubFactory(UserFactory)
    note = "Samtale om fritidsjob"


class InformationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationEvent
        skip_postgeneration_save = True

    date = factory.LazyFunction(timezone.localdate)
    title = "Oplæg for 8. årgang"
    place = "Viborg Bibliotek"
    youth_count = 20
    parent_count = 5


def make_guide(sections: int = 2, *, english: bool = False, by=None) -> list:
    """A guide with numbered Danish sections (and English translations of them)."""
    if english:
        services.guide_edition_save(language=GuideLanguage.ENGLISH, title="Guide for parents")
    made = []
    for n in range(1, sections + 1):
        section = services.guide_section_create(title=f"Afsnit nummer {n}", body=f"Tekst til afsnit {n}.", by=by)
        if english:
            services.guide_section_text_save(
                section=section, language=GuideLanguage.ENGLISH, title=f"Section {n}", body=f"Text {n}.", by=by
            )
        made.append(section)
    return made


class SignUpFactory(factory.django.DjangoModelFactory):
    """A new sign-up from the public page, for a 14-year-old, filled in by a parent."""

    class Meta:
        model = SignUp

    submitted_by = SignUpSubmitter.PARENT
    youth_first_name = factory.Sequence(lambda n: f"Ung{n}")
    youth_last_name = "Tilmeldt"
    youth_birth_date = factory.LazyFunction(lambda: birth_date_for_age(14))
    parent_first_name = factory.Sequence(lambda n: f"Forælder{n}")
    parent_last_name = "Tilmeldt"
    parent_phone = factory.Sequence(lambda n: f"3{n:07d}")
    created_at = factory.LazyFunction(timezone.now)
