"""What is stored about parents and consents, for the right-of-access packages (core.personal_data)."""

import os

from django.utils.translation import gettext_lazy as _

from core.personal_data import attach, item_of, register, register_subject

from .models import Consent, ConsentAnswer, ConsentRequest, OneTimeCode, Parent, ParentContact, SignUp

register_subject(key="foraelder", label=_("forælder"), model=Parent)

# In a young person's package a parent is named with relation and custody, not with phone
# or e-mail: the package may be handed to the other parent, who is not always to know them.
# A parent's own package has everything.
PARENT_FIELDS_IN_CHILD_PACKAGE = ["first_name", "last_name", "relation", "has_custody"]


def _consent_items(consents):
    for consent in consents.select_related("youth", "given_by", "recorded_by"):
        if consent.document:
            name = f"dokumenter/samtykke-{consent.pk}-{os.path.basename(consent.document.name)}"
            with consent.document.open("rb") as document:
                attach(name, document.read())
        yield item_of(consent)


@register(
    subject="ung",
    title=_("Forældre"),
    intro=_("De forældre eller værger, der er knyttet til den unges sag."),
    covers=[Parent],
    order=15,
)
def parents_of_youth(youth):
    for parent in youth.parents.all():
        yield item_of(parent, only=PARENT_FIELDS_IN_CHILD_PACKAGE)


@register(
    subject="ung",
    title=_("Samtykker"),
    intro=_(
        "De samtykker, der er givet (eller trukket tilbage) til at dele oplysninger. Scannede blanketter "
        "ligger som filer i mappen »dokumenter«."
    ),
    covers=[Consent],
    order=30,
)
def consents_of_youth(youth):
    yield from _consent_items(youth.consents.all())


@register(
    subject="foraelder",
    title=_("Oplysninger om dig"),
    intro=_("Det, der står om dig som forælder: navn, kontaktoplysninger, sprog og dine børn i indsatsen."),
    covers=[Parent],
    order=10,
)
def parent_details(parent):
    yield item_of(parent, title=_("Dine oplysninger"))


@register(
    subject="foraelder",
    title=_("Kontakter med dig"),
    intro=_("Samtaler, hjemmebesøg og møder, som medarbejderne har skrevet ned."),
    covers=[ParentContact],
    order=20,
)
def parent_contacts(parent):
    for contact in parent.contacts.select_related("staff", "parent"):
        yield item_of(contact)


@register(
    subject="foraelder",
    title=_("Samtykker, du har givet"),
    intro=_("Samtykker, du har givet for dit barn. Scannede blanketter ligger i mappen »dokumenter«."),
    covers=[Consent],
    order=30,
)
def consents_given(parent):
    yield from _consent_items(parent.consents_given.all())


@register(
    subject="ung",
    title=_("Tilmeldinger"),
    intro=_("Tilmeldingen fra siden »Tilmeld dig«, som sagen blev oprettet fra eller lagt sammen med."),
    covers=[SignUp],
    order=16,
)
def signups_of_youth(youth):
    for signup in youth.signups.select_related("school"):
        yield item_of(signup)


@register(
    subject="ung",
    title=_("Digitale samtykker"),
    intro=_(
        "Links sendt for at give samtykke digitalt og de svar, der er givet med dem: hvem, hvornår, hvilken "
        "tekstversion og med hvilken kode (SMS eller e-mail). Selve koderne gemmes kun som kontrolsum."
    ),
    covers=[ConsentRequest, ConsentAnswer, OneTimeCode],
    order=31,
)
def digital_consents_of_youth(youth):
    for request in youth.consent_requests.select_related("parent"):
        yield item_of(request)
        for answer in request.answers.all():
            yield item_of(answer)


@register(
    subject="foraelder",
    title=_("Digitale samtykker, du er bedt om"),
    intro=_("Links sendt til dig for at give samtykke digitalt, og dine svar."),
    covers=[ConsentRequest, ConsentAnswer],
    order=31,
)
def digital_consents_of_parent(parent):
    for request in parent.consent_requests.all():
        yield item_of(request)
        for answer in request.answers.all():
            yield item_of(answer)
