"""What anonymising a young person removes from matches, placements and follow-ups: the free texts.

Kept for the KPIs: which company, the dates, the stage and whether the job was kept.
Companies, their contacts, guidance and openings are the companies' data, not the young person's.
"""

from core import erasure
from core.audit import audited_update

from .models import (
    Company,
    CompanyRegisterChange,
    ContactPerson,
    FollowUp,
    Guidance,
    IndustryCodeMapping,
    JobOpening,
    Match,
    NetworkMeeting,
    NetworkMeetingSignup,
    Placement,
    ProgrammeText,
)


@erasure.anonymiser(Match, subject="ung")
def anonymise_matches(run: erasure.ErasureRun, youth) -> None:
    matches = Match.objects.filter(youth=youth)
    run.touched(matches)
    audited_update(matches, rejection_reason="", reasons=[])


@erasure.anonymiser(Placement, subject="ung")
def anonymise_placements(run: erasure.ErasureRun, youth) -> None:
    placements = Placement.objects.filter(youth=youth)
    run.touched(placements)
    audited_update(placements, tasks="", end_reason="", rules_justification="", import_ref=None)


@erasure.anonymiser(FollowUp, subject="ung")
def anonymise_follow_ups(run: erasure.ErasureRun, youth) -> None:
    follow_ups = FollowUp.objects.filter(placement__youth=youth)
    run.touched(follow_ups)
    audited_update(follow_ups, note="")


_COMPANY_DATA = "Virksomhedens egne oplysninger, ikke den unges"
for _model in (
    Company,
    CompanyRegisterChange,
    ContactPerson,
    Guidance,
    IndustryCodeMapping,
    JobOpening,
    NetworkMeeting,
    NetworkMeetingSignup,
):
    erasure.keep(_model, why=_COMPANY_DATA)
erasure.keep(ProgrammeText, why="Projektets tekst om programmet til virksomhederne")
