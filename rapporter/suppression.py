"""Small numbers that stay hidden: the one implementation for the funder's dashboard, its PDF and the industry guides.

A count of young people under the project's threshold (Project.small_number_limit,
3 by default) is not shown where someone outside the staff looks (primary
suppression). That alone is not enough: the KPI's total is shown, so a column
with one hidden cell gives it away (girls hidden, boys 3, total 4: girls = 1).
So a column with a hidden cell always has at least two (secondary suppression:
the smallest other cell is hidden too), and every hidden cell is shown the same
way ("skjult"), because a secondary cell may be 3 or more and "< 3" on it would
be untrue, while marking the two kinds apart would tell which is which.

What the reader then knows of a column's hidden cells is only their sum (the
total less the cells shown) and that at least one of them is under the
threshold; with two or more cells that sum can be split in more than one way,
so no hidden cell can be worked out. Each table's columns are protected on
their own, and that holds for the tables shown beside each other too: every
table splits the same KPI totals, none shows a cell of two dimensions at once.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

DEFAULT_LIMIT = 3
MINIMUM_LIMIT = 2  # a threshold of 1 would hide nothing
MAXIMUM_LIMIT = 20
# How every hidden cell is shown (the templates say the same), whichever the reason it is hidden.
HIDDEN = _("skjult")


@dataclass(frozen=True)
class Cell:
    value: int | None
    hidden: bool = False  # not shown outside the staff (under the threshold, or to protect one that is)


def is_small(value: int | None, limit: int) -> bool:
    """Primary suppression: a count of 1 up to `limit` - 1 (0 says nobody, and is shown)."""
    return value is not None and 0 < value < limit


def suppress_column(values: Sequence[int | None], limit: int) -> list[Cell]:
    """One column of a table whose total is shown: the small cells, and enough others that none can be derived."""
    hidden = {index for index, value in enumerate(values) if is_small(value, limit)}
    if len(hidden) == 1:
        # The smallest other cell that counts someone, by position on a tie. A 0 only when there is no
        # other: hiding a 0 ("Andet", often empty) next to a 1 would let a reader guess the 1 where it is.
        candidates = [(not value, value or 0, index) for index, value in enumerate(values) if index not in hidden]
        if candidates:
            hidden.add(min(candidates)[2])
        # A column of one cell equals its total: it cannot be protected, so that cell is the total itself
        # and says nothing the total does not (the caller shows the total anyway).
    return [Cell(value, hidden=index in hidden) for index, value in enumerate(values)]


def suppress_table(columns: Sequence[Sequence[int | None]], limit: int) -> list[list[Cell]]:
    """Every column of a table (a list of columns, each a list of cells top to bottom), protected on its own."""
    return [suppress_column(column, limit) for column in columns]


def shown_figure(value: int | None, limit: int) -> Cell:
    """A single count printed alone (the industry guide's "unge har fritidsjob i branchen")."""
    return Cell(value, hidden=is_small(value, limit))


def derivable_cells(column: Sequence[Cell], total: int) -> list[int]:
    """The hidden cells a reader could work out from `total` and the cells shown (empty when none can).

    The reader knows each hidden cell is 0 or more and their sum; a cell is pinned down
    when it is the only hidden one, or when the sum leaves it a single possible value.
    Used by the tests, and as a check that suppress_column did its work.
    """
    hidden = [index for index, cell in enumerate(column) if cell.hidden]
    if not hidden:
        return []
    rest = total - sum(cell.value or 0 for cell in column if not cell.hidden)
    if len(hidden) == 1 or rest == 0:
        return hidden
    return []
