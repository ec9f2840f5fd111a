"""What anonymising a young person removes from the mentor relationships: goals, notes and evaluations.

Kept: the mentor, the dates, status and outcome of each relationship and each session's
date, length and form. The mentor's own details are the mentor's, not the young person's.
"""

from core import erasure
from core.audit import audited_update

from .models import Mentor, MentorRelationship, MentorSession


@erasure.anonymiser(MentorRelationship, subject="ung")
def anonymise_relationships(run: erasure.ErasureRun, youth) -> None:
    relationships = MentorRelationship.objects.filter(youth=youth)
    run.touched(relationships)
    audited_update(relationships, goals=erasure.REMOVED, next_steps="", evaluation="")


@erasure.anonymiser(MentorSession, subject="ung")
def anonymise_sessions(run: erasure.ErasureRun, youth) -> None:
    sessions = MentorSession.objects.filter(relationship__youth=youth)
    run.touched(sessions)
    audited_update(sessions, topic=erasure.REMOVED, note="")


erasure.keep(Mentor, why="Mentorens egne oplysninger; slettes ikke sammen med en ung")
