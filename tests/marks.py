"""Marks shared by test modules."""

import pytest

# For tests whose data must really be committed (a live server's thread, a Celery
# worker process, races between connections). Every such test must use this mark:
# the flush after a transactional test wipes what the data migrations created
# (content types, role groups, schools, industries, the project); with
# serialized_rollback the next test starts by restoring it. A transactional test
# without it, run after one with it, would start from an empty database.
COMMITTED_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)
