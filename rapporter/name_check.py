"""No names in the funder's report: its narrative texts against the names of the young people and parents.

Checked before the PDF is made (fund_report_request and fund_report_generate);
a match blocks the report with a Danish message naming the words found.

What counts as a name in the text:

- a first name followed by a last name of the same person ("Sofie Frisk"; with
  several first or last names, any one of each: "Anna Holm" for Anna Sofie Holm
  Jensen), compared without regard to case;
- an *unusual* first name alone. Unusual means, honestly, what this database can
  tell: a first name that at most UNUSUAL_CARRIERS of the people registered
  carry (so a name most readers could not place in the programme, like "Anna"
  when there are five, is left alone), and that is not an ordinary Danish word
  as well (COMMON_WORDS: "hans" is "his", "bo" is "live"). A common name carried
  by one person in a small programme is caught too: in a report about a small
  municipal programme it may well point at that person. Short tokens (under 3
  letters) are never taken alone.

It cannot know a nickname, a misspelling or a name written in another form
("Sofies"); the project leader's text is still theirs to read before sending.
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import person_names

# A report stopped by this check has an error starting so (FundReport.blocked_by_names).
BLOCKED_PREFIX = "Navne i rapportens tekster. "
UNUSUAL_CARRIERS = 3
MIN_ALONE_LENGTH = 3
# Danish words that are also first names: a first name alone is not flagged when it is one of them.
COMMON_WORDS = frozenset(
    {
        "alle",
        "ask",
        "bo",
        "dag",
        "glad",
        "hans",
        "kaj",
        "kim",
        "liv",
        "maj",
        "mark",
        "per",
        "rose",
        "rune",
        "sol",
        "sten",
        "storm",
        "tage",
        "tor",
        "vilde",
        "viol",
        "lærke",
    }
)
# Letters and digits (a registered "Ung5" is the token "ung5", never the word "ung"), hyphenated names whole.
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# What may stand between a first and a last name: spaces, line breaks, Markdown emphasis.
SEPARATOR = re.compile(r"[\s*_]+")


def _tokens(name: str) -> list[str]:
    return [token.casefold() for token in WORD.findall(name or "")]


@dataclass(frozen=True)
class NameIndex:
    full: frozenset[tuple[str, str]]  # (first-name token, last-name token) of the same person
    alone: frozenset[str]  # unusual first-name tokens


def name_index(names: list[tuple[str, str]] | None = None) -> NameIndex:
    """From every registered person's name (core.person_names), or `names` when given."""
    names = person_names.all_names() if names is None else names
    full, carriers = set(), Counter()
    for first, last in names:
        firsts, lasts = _tokens(first), _tokens(last)
        full.update((f, last_token) for f in firsts for last_token in lasts)
        carriers.update(set(firsts))
    alone = {
        token
        for token, count in carriers.items()
        if count <= UNUSUAL_CARRIERS and token not in COMMON_WORDS and len(token) >= MIN_ALONE_LENGTH
    }
    return NameIndex(full=frozenset(full), alone=frozenset(alone))


def names_in(text: str, index: NameIndex) -> list[str]:
    """The names in `text`, as written there, in order, each once."""
    words = list(WORD.finditer(text or ""))
    found: list[str] = []
    skip_next = False
    for number, match in enumerate(words):
        if skip_next:
            skip_next = False
            continue
        word = match.group().casefold()
        following = words[number + 1] if number + 1 < len(words) else None
        between = text[match.end() : following.start()] if following else ""
        adjacent = following is not None and SEPARATOR.fullmatch(between) is not None
        if adjacent and (word, following.group().casefold()) in index.full:
            found.append(f"{match.group()} {following.group()}")
            skip_next = True
        elif word in index.alone:
            found.append(match.group())
    return list(dict.fromkeys(found))


def report_texts_check(texts: dict[str, str]) -> None:
    """Raise a ValidationError per section (Danish, naming the words) if a text names a young person or parent."""
    index = name_index()
    errors = {}
    for section, text in texts.items():
        if found := names_in(text, index):
            errors[section] = _(
                "Teksten nævner navne på unge eller forældre: %(names)s. Fjern dem, før rapporten laves."
            ) % {"names": ", ".join(f"»{name}«" for name in found)}
    if errors:
        raise ValidationError(errors, code="names_in_report")


def report_texts_problem(texts: dict[str, str], labels: dict[str, str]) -> str:
    """The same check as one Danish sentence per section (for a report that was already queued); empty if none."""
    try:
        report_texts_check(texts)
    except ValidationError as error:
        found = " ".join(f"{labels.get(section, section)}: {' '.join(messages)}" for section, messages in error)
        return BLOCKED_PREFIX + found
    return ""
