"""The records that share a young person's data with a mentor (core.sharing; tests/test_sharing_points.py).

A relationship shows the young person in the mentor's portal; a session is the mentor's work with them.
Any function writing these must be a sharing point (@shares_personal_data).
"""

from core import sharing
from core.consent import ConsentKind

sharing.register_record(model="mentorer.MentorRelationship", kind=ConsentKind.SHARE_WITH_MENTOR)
sharing.register_record(model="mentorer.MentorSession", kind=ConsentKind.SHARE_WITH_MENTOR)
