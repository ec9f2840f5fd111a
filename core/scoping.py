"""Which rows a staff user may see: the one rule every app's selectors apply to the querysets they return.

Staff in the programme share all cases, companies, courses, mentors and parents (access is logged,
not partitioned), so the rule is the model's view permission: all rows for a holder, none otherwise.
Mentors and other external users reach their own rows through portal selectors of their own.
"""

from django.db.models import Manager, QuerySet


def visible_to(queryset: QuerySet | Manager, user) -> QuerySet:
    """The rows of `queryset` (or a manager's) that `user` may see: all with the model's view permission, else none."""
    opts = queryset.model._meta
    if user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return queryset.all()
    return queryset.none()
