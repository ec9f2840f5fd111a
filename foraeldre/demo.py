"""Plainly fake demo data for the parents' app: parents of the demo youth, consents, contacts,
information events and the parents' guide in Danish and English. Used by `manage.py seed_demo`."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.audit import audited_bulk_create
from core.demo import seeder
from fritidsjob.demo import LAST_NAMES, history_span, history_youth
from fritidsjob.models import School, Youth

from . import services
from .models import (
    Audience,
    Consent,
    ConsentKind,
    ConsentMethod,
    ContactKind,
    GuideLanguage,
    GuideSection,
    InformationEvent,
    Parent,
    ParentContact,
    Relation,
)

MOTHERS = ["Mette", "Susanne", "Hanne", "Camilla", "Louise", "Maria", "Fatima", "Amina", "Olena", "Anja"]
FATHERS = ["Henrik", "Thomas", "Lars", "Michael", "Jesper", "Ahmed", "Omar", "Mustafa", "Piotr", "Brian"]
LANGUAGES = [("dansk", False)] * 7 + [("arabisk", True), ("somali", True), ("ukrainsk", True), ("tyrkisk", False)]
CONTACT_NOTES = {
    ContactKind.GUIDANCE: "Talt om fritidsjob og hvad det kræver af familien. Forælderen vil gerne støtte.",
    ContactKind.INTRODUCTION: "Vist rundt i Talentværkstedet og fortalt om forløbet.",
    ContactKind.HOME_VISIT: "Hjemmebesøg sammen med den unge. God snak om mødetider.",
    ContactKind.PARENT_MEETING: "Deltog i forældremøde om fritidsjob på skolen.",
    ContactKind.OTHER: "Kort opfølgning på telefon.",
}
EVENT_TITLES = ["Oplæg for 7. årgang", "Forældremøde om fritidsjob", "Jobmesse for unge", "Oplæg for 8. årgang"]

GUIDE = [
    (
        "Hvad er et fritidsjob?",
        "What is a leisure-time job?",
        "Et fritidsjob er et lille job ved siden af skolen, fx i en butik, på et værksted eller i en "
        "idrætsforening. Dit barn arbejder nogle få timer om ugen og får løn.\n\n"
        "I **Sammen om fritidsjob** hjælper vi unge på 13-17 år med at finde og holde et fritidsjob.",
        "A leisure-time job is a small job next to school, for example in a shop, a workshop or a sports "
        "club. Your child works a few hours a week and is paid.\n\n"
        "In **Sammen om fritidsjob** we help young people aged 13-17 find and keep a leisure-time job.",
    ),
    (
        "Hvad får dit barn ud af det?",
        "What does your child gain?",
        "- Selvtillid og nye venner\n- Erfaring, der kan stå på et CV\n- Egne penge og ansvar\n"
        "- Et bedre første skridt mod uddannelse og job",
        "- Confidence and new friends\n- Experience for a CV\n- Their own money and responsibility\n"
        "- A better first step towards education and work",
    ),
    (
        "Regler for unges arbejde",
        "Rules for young workers",
        "Arbejdstilsynet har særlige regler for unge under 18:\n\n"
        "- 13-14-årige må kun udføre *lettere arbejde*, højst 2 timer på en skoledag og 12 timer i en skoleuge.\n"
        "- Unge under 18 må ikke arbejde om natten og ikke med farlige maskiner eller stoffer.\n\n"
        "Arbejdsgiveren skal instruere og holde øje med den unge.",
        "The Danish Working Environment Authority has special rules for young people under 18:\n\n"
        "- 13-14-year-olds may only do *light work*, at most 2 hours on a school day and 12 hours in a school week.\n"
        "- Young people under 18 may not work at night or with dangerous machines or substances.\n\n"
        "The employer must instruct and supervise the young person.",
    ),
    (
        "Sådan kan du hjælpe",
        "How you can help",
        "Tal med dit barn om jobbet, hjælp med at holde styr på mødetider, og kontakt os, hvis noget "
        "driller. Du er altid velkommen til at komme med til en samtale – vi kan bestille en tolk.",
        "Talk with your child about the job, help keep track of working hours, and contact us if something "
        "is difficult. You are always welcome to join a meeting – we can book an interpreter.",
    ),
    (
        "Samtykke og jeres oplysninger",
        "Consent and your information",
        "Vi deler kun oplysninger om dit barn med en virksomhed eller en mentor, når du har givet samtykke. "
        "Fra dit barn er fyldt 15 år, skal barnet også selv sige ja. Et samtykke kan altid trækkes tilbage.",
        "We only share information about your child with a company or a mentor when you have given consent. "
        "From the age of 15 your child must also agree. Consent can always be withdrawn.",
    ),
    (
        "Kontakt",
        "Contact",
        "Fritidsjobteamet (demo): tlf. 11 22 33 44, fritidsjob@example.dk",
        "The leisure-job team (demo): phone 11 22 33 44, fritidsjob@example.dk",
    ),
]


def _past(rng: random.Random, days: int, before: datetime.date | None = None) -> datetime.date:
    return (before or timezone.localdate()) - datetime.timedelta(days=rng.randint(1, days))


# The history: parents with a case at the jobcentre, and how many the information events reached a month.
HISTORY_JOBCENTER_CASE_SHARE = 0.35
HISTORY_EVENTS_PER_YOUTH = 0.16


@transaction.atomic
@seeder(order=30)
def seed(*, seed: int) -> str:
    rng = random.Random(seed + 6)
    staff = list(get_user_model().objects.filter(username__in=["konsulent", "ungdomsskole", "projektleder"]))
    parents = _seed_parents(rng, staff)
    contacts = _seed_contacts(seed, staff)
    events = _seed_events(rng, staff)
    sections = _seed_guide(next((user for user in staff if user.username == "projektleder"), None))
    old_parents, old_contacts, old_events = _seed_history(seed, staff)
    history = (
        f"; historik: {old_parents} forældre, {old_contacts} forældrekontakter, {old_events} informationsmøder"
        if old_parents
        else ""
    )
    return (
        f"forældre: {parents} nye forældre, {contacts} nye forældrekontakter, {events} nye informationsmøder, "
        f"forældreguiden med {sections} afsnit på dansk og engelsk{history}"
    )


def _seed_parents(rng: random.Random, staff) -> int:
    created = 0
    youth_list = sorted(Youth.objects.filter(import_ref__startswith="demo-"), key=lambda y: int(y.import_ref[5:]))
    previous = None
    for youth in youth_list:
        number = youth.import_ref.removeprefix("demo-")
        ref = f"demo-foraelder-{number}"
        if Parent.objects.filter(import_ref=ref).exists() or youth.parents.exists():
            previous = youth
            continue
        if previous is not None and int(number) % 9 == 0 and previous.parents.exists():
            # Siblings: the previous young person's mother is this one's too.
            youth.parents.add(previous.parents.order_by("pk").first())
            previous = youth
            continue
        language, interpreter = rng.choice(LANGUAGES)
        mother = services.parent_create(
            data={
                "first_name": rng.choice(MOTHERS),
                "last_name": youth.last_name,
                "phone": f"4{rng.randint(0, 9999999):07d}",
                "email": f"foraelder{number}@example.dk",
                "relation": Relation.MOTHER if rng.random() < 0.9 else Relation.FOSTER_PARENT,
                "has_custody": True,
                "language": language,
                "needs_interpreter": interpreter,
                "has_jobcenter_case": rng.random() < 0.35,
                "import_ref": ref,
            },
            children=[youth],
        )
        created += 1
        if rng.random() < 0.4:
            services.parent_create(
                data={
                    "first_name": rng.choice(FATHERS),
                    "last_name": rng.choice(LAST_NAMES),
                    "phone": f"5{rng.randint(0, 9999999):07d}",
                    "relation": Relation.FATHER,
                    "has_custody": rng.random() < 0.7,
                    "language": language,
                    "has_jobcenter_case": rng.random() < 0.35,
                    "import_ref": f"{ref}-b",
                },
                children=[youth],
            )
            created += 1
        if rng.random() < 0.7:
            _seed_consents(rng, youth, mother, recorded_by=rng.choice(staff) if staff else None)
        previous = youth
    return created


def _seed_consents(rng: random.Random, youth: Youth, parent: Parent, recorded_by) -> None:
    given_on = _past(rng, 200)
    kinds = [ConsentKind.PARTICIPATION, ConsentKind.PROCESSING, ConsentKind.SHARE_WITH_COMPANY]
    if rng.random() < 0.5:
        kinds.append(ConsentKind.SHARE_WITH_MENTOR)
    for kind in kinds:
        consent = services.consent_record(
            youth=youth,
            recorded_by=recorded_by,
            data={
                "kind": kind,
                "given_by": parent,
                "youth_consented": True,  # the young person signed too
                "given_on": given_on,
                "method": rng.choice(list(ConsentMethod)),
            },
        )
        if kind == ConsentKind.SHARE_WITH_MENTOR and rng.random() < 0.2:
            services.consent_withdraw(consent=consent, withdrawn_on=max(given_on, _past(rng, 20)))


def _seed_contacts(seed: int, staff) -> int:
    created = 0
    kinds = (
        [ContactKind.GUIDANCE] * 4
        + [ContactKind.INTRODUCTION] * 3
        + [
            ContactKind.HOME_VISIT,
            ContactKind.PARENT_MEETING,
            ContactKind.OTHER,
        ]
    )
    day = timezone.localdate()
    for parent in Parent.objects.filter(import_ref__startswith="demo-foraelder-"):
        rng = random.Random(f"{seed}-{parent.import_ref}")  # the same contacts for a parent on every run
        for n in range(rng.randint(0, 3)):
            ref = f"{parent.import_ref}-kontakt-{n}"
            if ParentContact.objects.filter(import_ref=ref).exists():
                continue
            kind = rng.choice(kinds)
            services.parent_contact_create(
                parent=parent,
                data={
                    "date": _past(rng, 300, before=day),
                    "kind": kind,
                    "staff": rng.choice(staff) if staff else None,
                    "note": CONTACT_NOTES[kind],
                    "interpreter_used": parent.needs_interpreter,
                    "import_ref": ref,
                },
            )
            created += 1
    return created


def _seed_events(rng: random.Random, staff) -> int:
    created = 0
    schools = list(School.objects.all())
    day = timezone.localdate()
    for n in range(1, 13):
        ref = f"demo-moede-{n}"
        if InformationEvent.objects.filter(import_ref=ref).exists():
            continue
        at_school = bool(schools) and rng.random() < 0.8
        services.information_event_create(
            data={
                "date": _past(rng, 600, before=day),
                "title": rng.choice(EVENT_TITLES),
                "school": rng.choice(schools) if at_school else None,
                "place": "" if at_school else "Viborg Bibliotek",
                "audience": rng.choice([Audience.YOUTH, Audience.YOUTH_AND_PARENTS, Audience.PARENTS]),
                "youth_count": rng.randint(15, 90),
                "parent_count": rng.randint(0, 40),
                "materials": "Slides om fritidsjob, forældreguiden",
                "import_ref": ref,
            },
            staff=rng.sample(staff, min(len(staff), rng.randint(1, 2))),
        )
        created += 1
    return created


def _seed_guide(editor) -> int:
    """The guide in Danish and English, unless the project leader has written sections already."""
    if not GuideSection.objects.exists():
        services.guide_edition_save(
            language=GuideLanguage.ENGLISH, title="Leisure-time job guide for parents", introduction=""
        )
        for title_da, title_en, body_da, body_en in GUIDE:
            section = services.guide_section_create(title=title_da, body=body_da, by=editor)
            services.guide_section_text_save(
                section=section, language=GuideLanguage.ENGLISH, title=title_en, body=body_en, by=editor
            )
    return GuideSection.objects.count()


def _seed_history(seed: int, staff) -> tuple[int, int, int]:
    """The history's parents (one or two per young person, with their consents and contacts) and the
    information events since the programme began, written in bulk through the audit."""
    people = list(history_youth())
    if not people or Parent.objects.filter(import_ref__startswith="demo-h-foraelder-").exists():
        return 0, 0, 0
    rng = random.Random(f"{seed}-history-parents")
    today = timezone.localdate()
    parents, families = [], []
    for person in people:
        mother = Parent(
            first_name=rng.choice(MOTHERS),
            last_name=person.last_name,
            phone=f"4{rng.randint(0, 9999999):07d}",
            relation=Relation.MOTHER,
            has_custody=True,
            has_jobcenter_case=rng.random() < HISTORY_JOBCENTER_CASE_SHARE,
            import_ref=f"demo-h-foraelder-{person.pk}",
        )
        family = [mother]
        if rng.random() < 0.85:
            family.append(
                Parent(
                    first_name=rng.choice(FATHERS),
                    last_name=rng.choice([person.last_name, *LAST_NAMES]),
                    phone=f"5{rng.randint(0, 9999999):07d}",
                    relation=Relation.FATHER,
                    has_custody=rng.random() < 0.8,
                    has_jobcenter_case=rng.random() < HISTORY_JOBCENTER_CASE_SHARE,
                    import_ref=f"demo-h-foraelder-{person.pk}-b",
                )
            )
        parents.extend(family)
        families.append((person, family))
    parents = audited_bulk_create(Parent, parents, batch_size=500)
    Parent.children.through.objects.bulk_create(
        [
            Parent.children.through(parent_id=parent.pk, youth_id=person.pk)
            for person, family in families
            for parent in family
        ],
        batch_size=500,
    )
    consents, contacts = [], []
    for person, family in families:
        recorded_by = rng.choice(staff) if staff else None
        # Signed at the first meeting by the mother, and by the young person from 15.
        for kind in (ConsentKind.PARTICIPATION, ConsentKind.PROCESSING, ConsentKind.SHARE_WITH_COMPANY):
            consents.append(
                Consent(
                    youth=person,
                    kind=kind,
                    given_by=family[0],
                    youth_consented=True,
                    given_on=person.registered_on,
                    method=ConsentMethod.WRITTEN,
                    recorded_by=recorded_by,
                )
            )
        for parent in family:
            # Nearly every family is introduced to the Talentværksted when the case starts;
            # those with a case at the jobcentre are guided about the job as well.
            plans = []
            if rng.random() < 0.95:
                plans.append((ContactKind.INTRODUCTION, rng.randint(3, 40)))
            if parent.has_jobcenter_case and rng.random() < 0.92:
                plans.append((ContactKind.GUIDANCE, rng.randint(20, 200)))
            if rng.random() < 0.3:
                plans.append((rng.choice([ContactKind.HOME_VISIT, ContactKind.PARENT_MEETING]), rng.randint(10, 150)))
            for kind, days_in in plans:
                day = person.registered_on + datetime.timedelta(days=days_in)
                if day >= today:
                    continue
                contacts.append(
                    ParentContact(
                        parent=parent,
                        date=day,
                        kind=kind,
                        staff=rng.choice(staff) if staff else None,
                        note=CONTACT_NOTES[kind],
                        import_ref=f"{parent.import_ref}-kontakt-{len(contacts)}",
                    )
                )
    audited_bulk_create(Consent, consents, batch_size=500)
    audited_bulk_create(ParentContact, contacts, batch_size=500)
    start, end = history_span()
    schools = list(School.objects.all())
    count = max(4, round(len(people) * HISTORY_EVENTS_PER_YOUTH))
    events = []
    for n in range(count):
        at_school = bool(schools) and rng.random() < 0.8
        events.append(
            InformationEvent(
                # Spread evenly, so every period has its share.
                date=start + datetime.timedelta(days=round((n + rng.random()) * (end - start).days / count)),
                title=rng.choice(EVENT_TITLES),
                school=rng.choice(schools) if at_school else None,
                place="" if at_school else "Viborg Bibliotek",
                audience=rng.choice([Audience.YOUTH, Audience.YOUTH_AND_PARENTS, Audience.PARENTS]),
                youth_count=rng.randint(20, 75),
                parent_count=rng.randint(0, 30),
                materials="Slides om fritidsjob, forældreguiden",
                import_ref=f"demo-h-moede-{n + 1}",
            )
        )
    events = audited_bulk_create(InformationEvent, events, batch_size=500)
    InformationEvent.staff.through.objects.bulk_create(
        [
            InformationEvent.staff.through(informationevent_id=event.pk, user_id=rng.choice(staff).pk)
            for event in events
            if staff
        ]
    )
    return len(parents), len(contacts), len(events)
