"""The right-of-access package (indsigt, GDPR art. 15): everything stored about one person, in one ZIP.

The ZIP holds `indsigt.pdf` (Danish, plain language, for the family), `data.json` (the
same content as stored, machine-readable) and the files stored about the person (scanned
consent documents) under `dokumenter/`. The sections come from every app's
`personal_data.py` (core.personal_data); the last one is the access log: the date, time
and purpose of each lookup of the person's data, and who by role.

Who by role, not by name: the right of access covers the dates and purposes of the
lookups (Datatilsynet 2024); the EU Court (C-579/21, Pankki S, 2023) found that it does
not, as a rule, cover the identity of the employees who made them, as they act for the
data controller. The municipality's DPO reads the names in the Adgangslog.

The package is made on the fly and never stored; making it is itself an access entry
({"insight": ...}) in the person's audit trail.
"""

import io
import json
import logging
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import municipality
from .audit import access_purpose, record_export_access, trail_of
from .formatting import iso_date, short_datetime
from .personal_data import Item, SectionContent, gather, organisation, subject_of, text_field

logger = logging.getLogger(__name__)
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

ACCESS_LOG_KEY = "core.access_log"


@dataclass(frozen=True)
class Package:
    filename: str
    content: bytes


def _who(actor) -> str:
    if actor is None:
        return _("Systemet (automatisk)")
    # Prefetched with the entries: the roles are the user's groups.
    roles = sorted(group.name for group in actor.groups.all())
    return ", ".join(roles) or _("Medarbejder")


def access_log_section(person: Model) -> SectionContent:
    """Each lookup of the person's data: when, why, and who by role (see the module's docstring)."""
    from auditlog.models import LogEntry

    entries = trail_of(person).filter(action=LogEntry.Action.ACCESS).prefetch_related("actor__groups")
    items = [
        Item(
            title=short_datetime(entry.timestamp),
            model="auditlog.logentry",
            pk=entry.pk,
            fields=[
                text_field("timestamp", _("Tidspunkt"), entry.timestamp),
                text_field("purpose", _("Formål"), access_purpose(entry, plain=True)),
                text_field("record", _("Hvad blev set"), str(entry.content_type.name).capitalize()),
                text_field("role", _("Hvem (rolle)"), _who(entry.actor)),
            ],
        )
        for entry in entries
    ]
    return SectionContent(
        key=ACCESS_LOG_KEY,
        title=_("Hvem har set oplysningerne"),
        intro=_(
            "Hver gang en medarbejder har åbnet en side med oplysningerne, hentet en liste med dem eller "
            "udleveret denne pakke, er det skrevet i en log. Her står dato, tidspunkt, formål og den rolle, "
            "personen havde hos %(organisation)s. Navnet på den enkelte medarbejder står i kommunens egen log, "
            "som databeskyttelsesrådgiveren kan se."
        )
        % {"organisation": organisation()},
        items=items,
    )


def package_sections(person: Model) -> list[SectionContent]:
    return [*gather(person), access_log_section(person)]


def package_data(person: Model, sections: list[SectionContent], produced_at) -> dict:
    """data.json: the same content as the PDF, each field as stored."""
    subject = subject_of(person)
    return {
        "person": {"type": subject.key, "id": person.pk, "name": str(person)},
        "produced_at": produced_at,
        "organisation": organisation(),
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "intro": section.intro,
                "items": [
                    {
                        "title": item.title,
                        "model": item.model,
                        "id": item.pk,
                        "fields": {f.name: f.value for f in item.fields},
                        "labels": {f.name: f.label for f in item.fields},
                    }
                    for item in section.items
                ],
                "files": [attachment.name for attachment in section.files],
            }
            for section in sections
        ],
    }


def package_pdf(person: Model, sections: list[SectionContent], produced_at) -> bytes:
    from weasyprint import HTML  # heavy import, only when a package is made

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "core/pdf/insight.html",
            {
                "person": person,
                "subject": subject_of(person),
                "sections": sections,
                "produced_at": produced_at,
                "organisation": organisation(),
                "municipality_logo": municipality.logo_data_uri(),
            },
        )
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def insight_package_create(*, person: Model, actor, remote_addr: str | None = None, via: str = "web") -> Package:
    """The package for `person` as ZIP bytes, and its access entry (`via`: "web" or "kommandolinje")."""
    produced_at = timezone.now()
    sections = package_sections(person)
    data = package_data(person, sections, produced_at)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("indsigt.pdf", package_pdf(person, sections, produced_at))
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for section in sections:
            for attachment in section.files:
                archive.writestr(attachment.name, attachment.content)
    subject = subject_of(person)
    filename = f"indsigt-{subject.key}-{person.pk}-{iso_date(timezone.localdate())}.zip"
    record_export_access([person], actor=actor, remote_addr=remote_addr, details={"insight": via, "export": filename})
    logger.info(
        "Insight package for %s %s made (%s) by user %s", subject.key, person.pk, via, getattr(actor, "pk", None)
    )
    return Package(filename=filename, content=buffer.getvalue())
