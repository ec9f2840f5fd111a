"""The records that share a young person's data with a company (core.sharing; tests/test_sharing_points.py).

A placement gives the company the young person; a match set to "sendt" sends them.
Any function writing these must be a sharing point (@shares_personal_data).
"""

from core import sharing
from core.consent import ConsentKind

sharing.register_record(model="virksomheder.Placement", kind=ConsentKind.SHARE_WITH_COMPANY)
sharing.register_record(model="virksomheder.Match", kind=ConsentKind.SHARE_WITH_COMPANY, markers=("MatchStage.SENT",))
