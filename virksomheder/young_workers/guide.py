"""The rules as Danish Markdown with their sources, for the industry guides (rapporter).

The figures come from limits.py, so the guides print what the checks enforce. The notes for
one trade are chosen by the industry's explicit `young_worker_notes` field, never by words
in its name ("sport" is inside "transport").
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from fritidsjob.models import YoungWorkerNotes

from .limits import (
    BAKERIES,
    HAZARD_RULES,
    HOTELS,
    NEWSPAPERS,
    NIGHT_END,
    NIGHT_EXCEPTIONS,
    NIGHT_START,
    ORDER,
    SHOPS,
    SOURCE_BILAG_6,
    SOURCE_DAYS_OFF,
    SOURCE_DUTIES,
    SOURCE_HOURS_OLDER,
    SOURCE_HOURS_SCHOOL,
    SOURCE_LIGHT_WORK,
    SOURCE_MIN_AGE,
    SOURCE_NIGHT,
    SOURCE_NIGHT_EXCEPTIONS,
    SOURCE_PAUSE,
    SOURCE_REST,
    Hazard,
    NightException,
    limits_for,
)
from .shifts import clock


def _cited(text: str, source) -> str:
    return _("%(text)s *(Kilde: %(source)s)*") % {"text": text, "source": source}


def _hours_note(exception: NightException) -> str:
    return _cited(
        _("15-17-årige, der har afsluttet 9. klasse, må arbejde %(what)s.") % {"what": exception.description},
        SOURCE_NIGHT_EXCEPTIONS,
    )


def _tasks_note(tasks: str) -> str:
    return _cited(
        _("13-14-årige og undervisningspligtige må fx udføre %(tasks)s.") % {"tasks": tasks}, SOURCE_LIGHT_WORK
    )


def _trade_notes() -> dict[str, list[str]]:
    """The lines of each trade's "Særligt for branchen" (built per call: the text follows the active language)."""
    machines = HAZARD_RULES[Hazard.DANGEROUS_MACHINES].source
    return {
        YoungWorkerNotes.RETAIL: [
            _hours_note(SHOPS),
            _tasks_note(_("lettere ekspedition og modtagelse, sortering, prismærkning og pakning af varer")),
            # The times are from Arbejdstilsynet's and BFA Handel's pages; the order's § was not checked.
            _cited(
                _(
                    "Unge under 18 må ikke arbejde alene i fx kiosker, bagerbutikker og på servicestationer efter "
                    "kl. 18 på hverdage og efter kl. 14 på lørdage, søn- og helligdage; en person over 18 skal "
                    "være til stede."
                ),
                ORDER,
            ),
        ],
        YoungWorkerNotes.HOTEL: [
            _hours_note(HOTELS),
            _tasks_note(_("lettere servering, dog kun hvor der ikke serveres alkohol, og lettere rengøring")),
        ],
        YoungWorkerNotes.BAKERY: [_hours_note(BAKERIES)],
        YoungWorkerNotes.AGRICULTURE: [
            _hours_note(BAKERIES),
            _tasks_note(_("lettere arbejde med fodring, udmugning, pasning af dyr og plukning af bær og frugt")),
        ],
        YoungWorkerNotes.TRANSPORT: [
            _hours_note(NEWSPAPERS),
            _tasks_note(_("lettere budtjeneste og udbringning af aviser og reklamer")),
        ],
        YoungWorkerNotes.MANUFACTURING: [
            # The "fejedrengsregel" (in force 1 July 2021, widened 1 January 2025).
            _cited(
                _(
                    "Unge må gerne lave lettere arbejde, fx fejning, i nærheden af en farlig maskine, når maskinen "
                    "er afskærmet eller standset og sikret mod at gå i gang."
                ),
                ORDER,
            ),
            _cited(HAZARD_RULES[Hazard.DANGEROUS_MACHINES].exception_note, machines),
        ],
        YoungWorkerNotes.CONSTRUCTION: [
            _cited(
                _(
                    "Farlige maskiner, sundhedsskadelig støj og vibrationer og tunge løft er ikke for unge under "
                    "18; lettere arbejde som medhjælper under instruktion af en svend er muligt."
                ),
                _("%(machines)s; %(other)s") % {"machines": machines, "other": SOURCE_BILAG_6},
            ),
        ],
        YoungWorkerNotes.CARE: [
            _cited(
                _(
                    "Løft og forflytning af personer er tunge løft: byrder skal så vidt muligt holdes under 12 kg. "
                    "Lettere opgaver som køkkenhjælp og højtlæsning er muligt."
                ),
                HAZARD_RULES[Hazard.HEAVY_LIFTING].source,
            ),
        ],
        YoungWorkerNotes.CULTURE: [
            _hours_note(HOTELS),
            _cited(
                _(
                    "Børn under 13 år må kun medvirke i kulturelle og lignende aktiviteter (fx teater, film, "
                    "reklame og sport) med særlig tilladelse."
                ),
                SOURCE_MIN_AGE,
            ),
        ],
    }


def rules_markdown(notes: str = YoungWorkerNotes.NONE) -> str:
    """The rules in Danish Markdown with their sources; `notes` (a YoungWorkerNotes) adds one trade's lines."""
    young_school = limits_for(13, in_compulsory_school=True)
    older_school = limits_for(15, in_compulsory_school=True)
    older = limits_for(16, in_compulsory_school=False)

    def item(label: str, text: str, source) -> str:
        return f"- **{label}** {_cited(text, source)}"

    lines = [
        "### " + _("Alder"),
        "",
        item(
            _("Under 13 år:"),
            _("må ikke arbejde for en arbejdsgiver; kun kulturelle og lignende aktiviteter med særlig tilladelse."),
            SOURCE_MIN_AGE,
        ),
        item(
            _("13-14 år og alle, der stadig er undervisningspligtige (til og med 9. klasse):"),
            _("kun lettere arbejde, som ikke er farligt."),
            SOURCE_LIGHT_WORK,
        ),
        item(
            _("15-17 år, der har afsluttet 9. klasse:"),
            _("alt arbejde, der ikke er forbudt for unge (se nedenfor)."),
            SOURCE_HOURS_OLDER,
        ),
        "- **" + _("Fra 18 år") + "** " + _("gælder de almindelige regler."),
        "",
        "### " + _("Arbejdstid, tidsrum og hvile"),
        "",
        item(_("13-14 år:"), young_school.describe(), SOURCE_HOURS_SCHOOL),
        item(_("15-17 år, undervisningspligtig:"), older_school.describe(), SOURCE_HOURS_SCHOOL),
        item(
            _("15-17 år, har afsluttet 9. klasse:"),
            older.describe() + " " + _("Aldrig mere end voksne i samme fag."),
            SOURCE_HOURS_OLDER,
        ),
        item(_("Pause:"), _("mindst 30 minutter, når arbejdstiden er over 4½ time."), SOURCE_PAUSE),
        item(
            _("Aften og nat:"),
            _("ingen under 18 må arbejde mellem kl. %(start)s og %(end)s.")
            % {"start": clock(NIGHT_START), "end": clock(NIGHT_END)},
            SOURCE_NIGHT,
        ),
        item(
            _("Undtagelser for 15-17-årige, der har afsluttet 9. klasse:"),
            "; ".join(exception.description for exception in NIGHT_EXCEPTIONS) + ".",
            SOURCE_NIGHT_EXCEPTIONS,
        ),
        item(
            _("Hvile:"),
            _(
                "%(school)s timers sammenhængende hvile i døgnet for 13-14-årige og undervisningspligtige, "
                "%(older)s timer for 15-17-årige, der har afsluttet 9. klasse."
            )
            % {"school": young_school.rest_hours, "older": older.rest_hours},
            SOURCE_REST,
        ),
        item(_("Fridøgn:"), _("to sammenhængende fridøgn om ugen, så vidt muligt med søndagen."), SOURCE_DAYS_OFF),
        "",
        "### " + _("Arbejde, som unge under 18 ikke må udføre"),
        "",
        *(f"- {_cited(str(hazard.label) + '.', HAZARD_RULES[hazard].source)}" for hazard in Hazard),
        "",
        "### " + _("Arbejdsgiverens pligter"),
        "",
        "- "
        + _cited(
            _(
                "Grundig oplæring og instruktion, og effektivt tilsyn af en person over 18 år med indsigt i "
                "arbejdet. Risici for unge skal med i arbejdspladsvurderingen (APV)."
            ),
            SOURCE_DUTIES,
        ),
    ]
    trade_lines = _trade_notes().get(notes, [])
    if trade_lines:
        lines += ["", "### " + _("Særligt for branchen"), "", *(f"- {line}" for line in trade_lines)]
    return "\n".join(lines) + "\n"
