"""Every record of the data, declared once as a msgspec Struct. No I/O.

These declarations are the schema. Validation (types, required fields, unknown keys,
ranges, patterns), TOML and JSON reading and writing, the CSV and Markdown columns, the
cache's binary form, the JSON Schema and the test strategies are all derived from them:
adding a field to a record touches this file, the data and the docs, nothing else.

Checks that span records (unique ids, source keys that exist, a real calendar date) are in
:mod:`kzreforms.schema`; each field's ``Meta(description=...)`` is its documentation.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal, get_args, get_origin

from ._msgspec import msgspec

Meta = msgspec.Meta
Struct = msgspec.Struct

SCHEMA_VERSION = 2

# ---------------------------------------------------------------------------------------
# Limits (SECURITY.md lists them): a data file past these is refused with one line
# ---------------------------------------------------------------------------------------
MAX_TEXT = 10_000  # characters in one text field
MAX_NUMBER = 10**15  # the largest magnitude of a number (a threshold, figure or step)
MAX_ID = 2**63 - 1
MAX_ENTRIES = 100_000  # entries in one file, counted before any entry is validated

# Text that is not empty: at least one character that is neither white space nor zero-width.
_NOT_BLANK = r"[^\s\u200b-\u200d\u2060\ufeff]"
Text = Annotated[str, Meta(min_length=1, max_length=MAX_TEXT, pattern=_NOT_BLANK)]
Key = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9][a-z0-9._-]*(?!\n)$",
        max_length=80,
        description="A source's short key: lower-case letters, digits, '.', '_' and '-'.",
    ),
]
Language = Annotated[str, Meta(pattern=r"^[a-z]{2,3}(?!\n)$", description="ISO 639 code: en, ru, kk")]
IsoDate = Annotated[
    str,
    Meta(
        pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?(?!\n)$",
        description='ISO 8601 to the precision the source gives: "2022", "2022-06" or "2022-06-05".',
    ),
]
Url = Annotated[
    str,
    Meta(
        pattern=r"^https?://[^\s/$.?#\x00-\x1f\x7f-\x9f][^\s\x00-\x1f\x7f-\x9f]*(?!\n)$",
        max_length=2_000,
        description="A full http(s) address, without spaces or control characters.",
    ),
]
Id = Annotated[int, Meta(ge=1, le=MAX_ID)]
Number = (
    Annotated[int, Meta(ge=-MAX_NUMBER, le=MAX_NUMBER)]
    | Annotated[float, Meta(ge=-MAX_NUMBER, le=MAX_NUMBER)]
)
Cites = Annotated[
    tuple[Key, ...], Meta(min_length=1, description="Keys of the [sources] table that state this.")
]

SourceKind = Literal["law", "constitution", "decree", "court ruling", "news", "report", "article", "dataset"]
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]
# "not known": the rule took effect, and no source says what became of it when the text it rests
# on was replaced (``replaced_by`` names the entry whose text took its place, where one did).
Status = Literal[
    "in force", "partly in force", "replaced", "repealed", "not known", "proposed", "not adopted"
]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]
# The statuses of an entry whose rule never took effect: it needs no ``in_force`` date.
NEVER_IN_FORCE: tuple[str, ...] = ("proposed", "not adopted")
Period = Literal["2019-2021", "2022-amendments", "2022-2025", "2026-constitution"]
PERIODS: dict[str, str] = {
    "2019-2021": "Reforms of 2019–2021",
    "2022-amendments": "The constitutional amendments of 2022",
    "2022-2025": "Laws and elections of 2022–2025",
    "2026-constitution": "The Constitution of 2026",
}
PERCENT = "%"


class _Record(Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """What every record shares: immutable, and a key it does not know is an error."""


class Source(_Record, frozen=True, kw_only=True):
    """Where a fact comes from: a law, a constitution, a news report, the article."""

    kind: SourceKind
    title: Text
    author: Annotated[
        Text | None,
        Meta(description="The person or body that wrote the page or enacted the text; not the outlet."),
    ] = None
    publisher: Annotated[
        Text | None,
        Meta(description="The outlet or site that published it: a newspaper, news agency or website."),
    ] = None
    date: IsoDate | None = None
    url: Url | None = None
    accessed: Annotated[
        IsoDate | None,
        Meta(description="The date the address was last checked; left out where nobody checked it."),
    ] = None
    law_number: Text | None = None
    language: Language | None = None


class Rule(_Record, frozen=True, kw_only=True):
    """The rule before or after a reform: one or two sentences, a short form, and who says so."""

    text: Text
    short: Text | None = None  # two or three words for `list`: "40,000 members"
    sources: Cites


class Step(_Record, frozen=True, kw_only=True):
    """A value a threshold passed through between its before and after."""

    value: Number
    date: IsoDate | None = None
    sources: tuple[Key, ...] = ()


class Change(Struct, frozen=True):
    """How far a threshold moved: percent for counts, percentage points for percentages."""

    amount: float
    unit: Literal["%", "pp"]


class Threshold(_Record, frozen=True, kw_only=True):
    """A number a reform moved, such as the members needed to register a party.

    ``before`` is None where there was no such rule (the quota did not exist).
    """

    label: Text
    before: Number | None = None
    after: Number
    unit: Text
    steps: tuple[Step, ...] = ()
    sources: Cites

    @property
    def is_percentage(self) -> bool:
        return self.unit == PERCENT

    @property
    def change(self) -> Change | None:
        """Percentage points for a percentage, else percent; None when there is nothing to compare.

        A change that is not zero is never rounded to zero, and one too large for a finite
        number (from a ``before`` of about 1e-300) is None: JSON has no Infinity.
        """
        if self.is_percentage:
            amount = _rounded(self.after - (self.before or 0), 2)
            return None if amount is None else Change(amount, "pp")
        if not self.before:
            return None
        amount = _rounded((self.after - self.before) / abs(self.before) * 100, 1)
        return None if amount is None else Change(float(amount), "%")


def _rounded(value: float, places: int) -> float | None:
    """``value`` rounded to ``places`` decimals; to two significant digits where that would give 0
    for a value that is not 0 (1,000,000 → 1,000,001 is +0.0001%, not ±0%); None if not finite."""
    if value != value or value in (float("inf"), float("-inf")):
        return None
    rounded = round(value, places)
    if rounded == 0 and value != 0:
        rounded = float(f"{value:.2g}")
    return abs(rounded) if rounded == 0 else rounded  # never -0


class Figure(_Record, frozen=True, kw_only=True):
    """A number the data reports that is not a before/after pair: 5.8% voted "against all"."""

    label: Text
    value: Number
    unit: Text
    date: IsoDate | None = None
    sources: Cites


class Event(_Record, frozen=True, kw_only=True):
    """A dated event: a law, an election, a step of a reform, or context."""

    date: IsoDate
    text: Text
    sources: Cites


class Measure(_Record, frozen=True, kw_only=True):
    """Something else a reform did, in a sentence."""

    text: Text
    sources: Cites


class Assessment(_Record, frozen=True, kw_only=True):
    """What an independent body said about a reform, in our words, attributed to it."""

    by: Text
    date: IsoDate
    text: Text
    sources: Cites


class Reform(_Record, frozen=True, kw_only=True):
    """One entry: a reform, before and after, with everything that backs it."""

    id: Id
    period: Period
    title: Text
    aliases: tuple[Text, ...] = ()  # other names and spellings, Kazakh and Russian names
    status: Status
    in_force: IsoDate | None = None
    replaced_by: Id | None = None  # may name an entry outside the file, as in a filtered export
    topics: Annotated[tuple[Text, ...], Meta(min_length=1)]
    legal_basis: tuple[Text, ...] = ()  # the laws or articles: "Constitution (1995), Art. 41(1)"
    before: Rule
    after: Rule
    thresholds: tuple[Threshold, ...] = ()
    figures: tuple[Figure, ...] = ()
    measures: tuple[Measure, ...] = ()
    events: tuple[Event, ...] = ()
    assessments: tuple[Assessment, ...] = ()


class Score(_Record, frozen=True, kw_only=True):
    """One edition of a rating: the value it gave the country, and the page that states it."""

    edition: Annotated[
        int, Meta(ge=1900, le=2100, description="The year of the edition: 2023 for the 2023 report.")
    ]
    value: Number
    note: Text | None = None  # what else the edition says, in a few words: "Not Free; political rights 5/40"
    sources: Cites


class Rating(_Record, frozen=True, kw_only=True):
    """An independent body's rating of the country, edition by edition: Freedom House's score,
    RSF's press-freedom rank. Editions no source states are left out, never guessed."""

    by: Text  # who rates: "Freedom House"
    title: Text  # the rating's own name: "Freedom in the World"
    measure: Text  # what the value is: "global freedom score out of 100"
    unit: Text  # "of 100", "of 180"
    better: Literal["higher", "lower"]  # which way is better: a higher score, a lower rank
    covers: Text | None = None  # which year an edition describes, where the body says so
    scores: Annotated[tuple[Score, ...], Meta(min_length=1)]


class GlossaryTerm(_Record, frozen=True, kw_only=True):
    """A word a reader outside Kazakhstan may not know, with its other names."""

    term: Text
    meaning: Text
    aliases: tuple[Text, ...] = ()


class Dataset(_Record, frozen=True, kw_only=True):
    """Everything a data file holds."""

    schema_version: Annotated[int, Meta(ge=1, le=SCHEMA_VERSION)] = SCHEMA_VERSION
    as_of: IsoDate  # when the content was last checked against its sources
    license: Text | None = None
    sources: dict[Key, Source]
    reforms: tuple[Reform, ...]
    context: tuple[Event, ...] = ()  # events that are no reform's: the elections, the unrest
    glossary: tuple[GlossaryTerm, ...] = ()
    ratings: tuple[Rating, ...] = ()  # independent ratings of the country by year

    def get(self, reform_id: int) -> Reform | None:
        for reform in self.reforms:
            if reform.id == reform_id:
                return reform
        return None

    def with_reforms(self, reforms: tuple[Reform, ...]) -> Dataset:
        return msgspec.structs.replace(self, reforms=reforms)


# ---------------------------------------------------------------------------------------
# The fields a walk over the records visits, read from the declarations above
# ---------------------------------------------------------------------------------------

Role = Literal["date", "cites", "record", "records"]
_DATES: tuple[Any, ...] = (IsoDate, IsoDate | None)
_CITES: tuple[Any, ...] = (Cites, tuple[Key, ...])


def _is_record(declared: Any) -> bool:
    return isinstance(declared, type) and issubclass(declared, msgspec.Struct)


def _role(declared: Any) -> Role | None:
    if declared in _DATES:
        return "date"
    if declared in _CITES:
        return "cites"
    if _is_record(declared):
        return "record"
    members = [arg for arg in get_args(declared) if arg is not type(None)]
    if get_origin(declared) is tuple and len(members) == 2 and members[1] is Ellipsis:
        return "records" if _is_record(members[0]) else None
    if len(members) == 1 and _is_record(members[0]):  # a record or None
        return "record"
    return None


@functools.cache
def roles(kind: type) -> tuple[tuple[str, Role], ...]:
    """The fields of a record type that hold a date, source keys (``Cites``), a record (or None)
    or a tuple of records, in declared order, each with that role; every other field is left out.

    Read once a type, so that the walks over a dataset look at no other field: validation checks
    the dates and citations below a record, `cite` collects an entry's source keys.
    """
    found: list[tuple[str, Role]] = []
    for field in msgspec.structs.fields(kind):
        declared = field.type
        role = _role(declared)
        if role is None and get_origin(declared) is Annotated:
            # A field's own description wraps its type: Annotated[IsoDate | None, Meta(...)].
            role = _role(get_args(declared)[0])
        if role is not None:
            found.append((field.name, role))
    return tuple(found)
