"""The KPIs in Danish: their names and how each number is counted (from the KPI contract).

The dashboard, the funder report and the definitions page all read this, so staff
and the funder read the same definition.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class KpiDefinition:
    key: str
    label: str
    definition: str
    example: str = ""


DEFINITIONS: dict[str, KpiDefinition] = {
    definition.key: definition
    for definition in [
        KpiDefinition(
            "gennemfoert_talentvaerksted",
            _("Unge i målgruppen, der har gennemført et Talentværksted-forløb"),
            _(
                "Antal forskellige unge i målgruppen med mindst én tilmelding til et Talentværksted-forløb "
                "med status gennemført, hvor datoen for gennemførelsen ligger i perioden. En ung, der har "
                "gennemført flere forløb, tælles én gang."
            ),
        ),
        KpiDefinition(
            "fastholdt_6_maaneder",
            _("Unge i målgruppen, der har holdt et fritidsjob i mindst seks måneder"),
            _(
                "Antal forskellige unge i målgruppen med mindst én ansættelse, der er startet i perioden, og "
                "som har varet mindst seks kalendermåneder: startdatoen plus seks måneder må ikke ligge efter "
                "den effektive slutdato. Den effektive slutdato er ansættelsens slutdato (sidste arbejdsdag), "
                "dog højst opgørelsesdatoen; har ansættelsen ingen slutdato, er det opgørelsesdatoen. Der regnes "
                "i kalendermåneder, så 31.08.2023 plus seks måneder er 29.02.2024."
            ),
            _("En ansættelse fra 15.01.2023 til 15.07.2023 tæller; en, der sluttede 14.07.2023, tæller ikke."),
        ),
        KpiDefinition(
            "virksomheder_vejledt",
            _("Virksomheder vejledt"),
            _(
                "Antal forskellige virksomheder med mindst én vejledning dateret i perioden. Tallet opgøres "
                "også pr. branche (alle brancher vises, også dem med 0) og som antal brancher med mindst én "
                "vejledt virksomhed."
            ),
        ),
        KpiDefinition(
            "foraeldre_med_sag_vejledt",
            _("Forældre med sag i jobcentret, der er vejledt"),
            _(
                "Antal forskellige forældre med sag i jobcentret, som er knyttet til mindst én ung i "
                "målgruppen, og som har mindst én forældrekontakt af typen vejledning dateret i perioden."
            ),
        ),
        KpiDefinition(
            "informeret_unge_og_foraeldre",
            _("Unge og forældre informeret"),
            _(
                "Summen af antal unge og antal forældre, der deltog i informationsmøder dateret i perioden. "
                "Her tælles deltagere pr. møde, ikke forskellige personer."
            ),
        ),
        KpiDefinition(
            "foraeldre_introduceret",
            _("Forældre introduceret til Talentværkstedet"),
            _(
                "Antal forskellige forældre, som er knyttet til mindst én ung i målgruppen, og som har mindst "
                "én forældrekontakt af typen introduktion dateret i perioden."
            ),
        ),
        KpiDefinition(
            "unge_i_job",
            _("Unge i målgruppen, der er kommet i job"),
            _(
                "Antal forskellige unge i målgruppen med mindst én ansættelse, hvis startdato ligger i "
                "perioden. Nøgletallet har intet mål; det viser, hvor mange der kommer i job."
            ),
        ),
    ]
}

# Names of the KPIs' extra fields of the contract.
EXTRA_LABELS = {
    "per_branche": _("Pr. branche"),
    "brancher_daekket": _("Brancher dækket"),
}


def definition_for(key: str) -> KpiDefinition:
    """The KPI's definition; a KPI registered without one is shown by its key."""
    return DEFINITIONS.get(key) or KpiDefinition(key, key, "")
