"""The KPI contract end to end: the spreadsheets go in through `manage.py importer`, the
numbers come out of `manage.py kpi`, and they match figures worked out by hand below
(shared/docs/kpi-and-import.md).

Project sammen-om-fritidsjob runs 2022-01-01 to 2024-12-31; the main run is as of
2024-06-30. Every row says in a comment whether it counts and why.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

INDUSTRIES = [
    "Detailhandel",
    "Hotel og restauration",
    "Landbrug, skovbrug og gartneri",
    "Industri og produktion",
    "Bygge og anlæg",
    "Transport og logistik",
    "Social og sundhed",
    "Kultur, idræt og fritid",
]

FILES = {
    # u3 is not in the target group; the others are.
    "unge": """ref;fornavn;efternavn;foedselsdato;maalgruppe;koen;postnummer
u1;Alma;Aagaard;2008-05-05;ja;pige;8800
u2;Bo;Bech;2008-02-01;ja;dreng;8830
u3;Cecilie;Carlsen;2007-11-11;nej;pige;8800
u4;Daniel;Dahl;2008-08-08;1;dreng;8840
u5;Emma;Eriksen;2007-03-03;ja;pige;8850
u6;Frederik;Friis;2006-06-06;ja;;8860
""",
    "foraeldre": """ref;fornavn;efternavn;telefon;email;sag_i_jobcenter;boern
p1;Pia;Aagaard;20000001;;ja;u1
p2;Per;Carlsen;;;ja;u3
p3;Lone;Bech;;lone@example.dk;nej;u2|u4
p4;Jens;Aagaard;;;ja;u1|u3
""",
    # CVRs pass modulus 11; the industry is matched in any case.
    "virksomheder": """ref;navn;cvr;branche;postnummer
v1;Brugsen Bjerringbro;10110866;Detailhandel;8850
v2;Hotel Viborg;10388031;hotel og restauration;8800
v3;Tømrer Hansen;10506816;Bygge og anlæg;8830
""",
    "forloeb": """ref;titel;startdato;slutdato
f0;Talentværksted vinter;2021-11-01;2022-01-01
f1;Talentværksted forår;2023-01-10;2023-03-01
f2;Talentværksted sommer;2024-05-01;2024-07-15
""",
    "deltagelser": """forloeb_ref;ung_ref;status;dato
f0;u6;gennemfoert;2022-01-01
f1;u1;gennemfoert;2023-03-01
f2;u1;gennemført;2024-06-01
f1;u3;gennemfoert;2023-03-01
f1;u2;afbrudt;2023-02-01
f2;u4;gennemfoert;2024-07-15
f2;u5;tilmeldt;2024-05-01
""",
    "vejledninger": """ref;virksomhed_ref;dato;form;emne
g1;v1;2022-03-01;besoeg;
g2;v1;2023-05-05;telefon;
g3;v2;2024-06-30;netværksmøde;
g4;v3;2021-12-31;moede;
""",
    "ansaettelser": """ref;ung_ref;virksomhed_ref;startdato;slutdato;timer_pr_uge;jobtitel
a1;u1;v1;2023-01-15;2023-07-15;8;Opfylder
a2;u2;v2;2023-01-15;2023-07-14;12,5;Opvasker
a3;u4;v1;2023-08-31;;6.5;Flaskedreng
a4;u5;v3;2024-01-01;;10;Medhjælper
a5;u3;v1;2023-02-01;;8;Opfylder
a6;u6;v2;2021-06-01;;8;Opvasker
""",
    "foraeldrekontakter": """ref;foraelder_ref;dato;type;note
c1;p1;2023-04-01;vejledning;
c2;p2;2023-04-01;vejledning;
c3;p3;2023-04-01;vejledning;
c4;p4;2024-07-01;vejledning;
c5;p4;2022-02-02;vejledning;
c6;p3;2023-05-05;introduktion;
c7;p2;2023-05-05;introduktion;
c8;p1;2024-06-30;introduktion;
""",
    "informationsmoeder": """ref;dato;sted;antal_unge;antal_foraeldre
m1;2022-01-01;Vestervang Skole;30;10
m2;2024-06-30;Ungdomsskolen;5;0
m3;2024-07-01;Rådhuset;100;100
""",
}

# As of 2024-06-30, by hand:
AS_OF_MID_2024 = {
    # u6 (2022-01-01, the window's first day) and u1 (twice: once). Not u3 (not target group),
    # u2 (dropped out), u4 (completed 2024-07-15, after as-of), u5 (only enrolled).
    "gennemfoert_talentvaerksted": {"value": 2, "target": 350},
    # a1 (2023-01-15 to 2023-07-15: exactly six months) and a3 (2023-08-31 + 6 months = 2024-02-29,
    # still employed). Not a2 (one day short), a4 (2024-07-01 is after as-of), a5 (not target
    # group), a6 (started before the window).
    "fastholdt_6_maaneder": {"value": 2, "target": 280},
    # v1 (twice: once) and v2 (on the as-of day); not v3 (before the window).
    "virksomheder_vejledt": {
        "value": 2,
        "target": 1000,
        "per_branche": {name: int(name in ("Detailhandel", "Hotel og restauration")) for name in INDUSTRIES},
        "brancher_daekket": 2,
    },
    # p1 (c1) and p4 (c5, its c4 is after as-of). Not p2 (only a non-target child), p3 (no case).
    "foraeldre_med_sag_vejledt": {"value": 2, "target": 365},
    # m1 (30 + 10) and m2 (5 + 0) on the window's first and last day; not m3.
    "informeret_unge_og_foraeldre": {"value": 45, "target": 6400},
    # p3 (c6, via u2) and p1 (c8, on the as-of day); not p2 (only a non-target child).
    "foraeldre_introduceret": {"value": 2, "target": 1100},
    # u1, u2, u4, u5; not u3 (not target group) or u6 (started before the window).
    "unge_i_job": {"value": 4, "target": None},
}


def import_all(tmp_path) -> None:
    for kind, content in FILES.items():  # the contract's order for a full migration
        path = tmp_path / f"{kind}.csv"
        path.write_text(content, encoding="utf-8")
        call_command("importer", kind, str(path), stdout=StringIO())


def kpi_json(*args: str) -> dict:
    out = StringIO()
    call_command("kpi", "--project", "sammen-om-fritidsjob", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_imported_spreadsheets_give_the_numbers_worked_out_by_hand(tmp_path):
    import_all(tmp_path)

    result = kpi_json("--as-of", "2024-06-30")

    assert result == {"project": "sammen-om-fritidsjob", "as_of": "2024-06-30", "kpis": AS_OF_MID_2024}
    assert list(result["kpis"]) == list(AS_OF_MID_2024)  # the contract's order


def test_an_as_of_after_the_project_is_clamped_to_its_end_and_counts_the_rest(tmp_path):
    import_all(tmp_path)

    result = kpi_json("--as-of", "2030-01-01")

    assert result["as_of"] == "2024-12-31"
    values = {key: figures["value"] for key, figures in result["kpis"].items()}
    assert values == {
        "gennemfoert_talentvaerksted": 3,  # + u4, completed 2024-07-15
        "fastholdt_6_maaneder": 3,  # + a4: 2024-01-01 + 6 months = 2024-07-01
        "virksomheder_vejledt": 2,
        "foraeldre_med_sag_vejledt": 2,  # p4 again (c4): still one parent
        "informeret_unge_og_foraeldre": 245,  # + m3 (100 + 100)
        "foraeldre_introduceret": 2,
        "unge_i_job": 4,
    }


def test_importing_the_same_files_again_changes_no_number(tmp_path):
    import_all(tmp_path)
    before = kpi_json("--as-of", "2024-06-30")

    import_all(tmp_path)

    assert kpi_json("--as-of", "2024-06-30") == before
