"""Numbers, changes and text made readable: pure functions shared by every view and export."""

from __future__ import annotations

import re

from .model import Change, Number, Reform, Threshold

MINUS = "\u2212"
ARROW = "\u2192"

# The bidirectional formatting characters, which can reorder what a reader sees.
BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
# Characters a data file must never send to a terminal: C0 and C1 controls, DEL, and BIDI.
UNSAFE = (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *BIDI)

# The fields of an entry that `show` and the Markdown export lay out, each in a place of its
# own; any other field (one added to the model) is shown as it is, under its name.
LAID_OUT = (
    "id", "period", "title", "aliases", "status", "in_force", "replaced_by", "topics", "legal_basis",
    "before", "after", "thresholds", "figures", "measures", "events", "assessments",
)  # fmt: skip


def other_fields(reform: Reform) -> list[tuple[str, object]]:
    """The fields of an entry that no view lays out (see :data:`LAID_OUT`), with their values."""
    return [(name, getattr(reform, name)) for name in reform.__struct_fields__ if name not in LAID_OUT]


# Characters an address may not carry raw (RFC 3986) that a terminal's link, an HTML attribute or
# a citation format would choke on.
_URL_UNSAFE = frozenset('{}\\"<>^`|')
_BIDI_CHARS = frozenset(map(chr, BIDI))


def url_escaped(url: str, ascii_only: bool = False) -> str:
    """``url`` with white space, controls, bidirectional marks and any of ``{}\\"<>^`|``
    percent-encoded (as UTF-8); with ``ascii_only``, every character outside printable ASCII too.
    The address still points at the same place."""
    import unicodedata

    def unsafe(char: str) -> bool:
        if ascii_only:
            return not "\x21" <= char <= "\x7e" or char in _URL_UNSAFE
        return (
            char in _URL_UNSAFE
            or char in _BIDI_CHARS
            or char.isspace()
            or unicodedata.category(char) in ("Cc", "Cs")
        )

    return "".join(
        "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass")) if unsafe(char) else char
        for char in url
    )


def _stand_in(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ESC shows as ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


_VISIBLE = {code: _stand_in(code) for code in UNSAFE} | {0x09: " "}


def visible(text: str) -> str:
    """``text`` with every control or bidirectional character replaced by a visible stand-in.

    Tabs become spaces and line breaks are kept; nothing else can move the cursor, change
    colours or reorder the line.
    """
    return text.translate(_VISIBLE)


def one_line(text: str) -> str:
    """:func:`visible`, and line breaks shown as ␤: for messages that must stay on one line."""
    return visible(text).replace("\n", "\u2424")


def number(value: Number) -> str:
    """40000 -> '40,000'; 5.0 -> '5'; 77.18 -> '77.18'; 1e-05 -> '0.00001'; 1e-300 -> '1e-300'.

    A float is written with the digits of its shortest form, the one JSON writes (``repr``),
    and never with digits the data does not have: 1e23 is not 99,999,999,999,999,991,611,392.
    Positional from 1e-7 up to the 16 digits of the largest number a data file may hold
    (10^15), else with an exponent, as in 1e-300 or 2e+20.
    """
    # + 0.0: -0.0 is shown as 0
    text = _float_text(repr(value + 0.0)) if isinstance(value, float) else f"{value:,}"
    return MINUS + text[1:] if text.startswith("-") else text


def _float_text(shortest: str) -> str:
    """A float's ``repr`` with thousands separators, in positional form where it is short."""
    sign = "-" if shortest.startswith("-") else ""
    mantissa, _, exponent = shortest.lstrip("-").partition("e")
    if not mantissa[:1].isdigit():  # inf or nan: never from a data file, which must be finite
        return shortest
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + int(exponent or 0)  # where the decimal point falls in ``digits``
    if not -6 <= point <= 16:
        significant = digits.lstrip("0").rstrip("0") or "0"
        scale = point - (len(digits) - len(digits.lstrip("0"))) - 1
        head = significant[0] + ("." + significant[1:] if len(significant) > 1 else "")
        return f"{sign}{head}e{'+' if scale > 0 else '-'}{abs(scale)}"
    if point <= 0:
        whole, fraction = "0", "0" * -point + digits
    else:
        whole, fraction = digits[:point].ljust(point, "0"), digits[point:]
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}"
    return f"{sign}{grouped}.{fraction}" if fraction else f"{sign}{grouped}"


# A data file names each unit in the plural ("chambers"); a number that is one takes the singular.
# The singular of a unit named here is the one given; of any other, the plural less its "s", or
# its "ies" made "y" ("parties", "party"); a unit that does not end in a single "s" stays as it is.
SINGULAR = {"people": "person", "children": "child", "men": "man", "women": "woman"}


def singular(unit: str) -> str:
    """'chambers' -> 'chamber', 'parties' -> 'party', 'people' -> 'person'; '%' and 'tenge' stay."""
    if unit in SINGULAR:
        return SINGULAR[unit]
    head, _, last = unit.rpartition(" ")  # only the last word: "party lists" -> "party list"
    prefix = f"{head} " if head else ""
    if last.endswith("ies") and len(last) > 3:
        return f"{prefix}{last[:-3]}y"
    if last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 1:
        return f"{prefix}{last[:-1]}"
    return unit


def entries(count: int) -> str:
    """'1 entry', '2 entries': how many entries, in the words of every command and view."""
    return f"{count} {'entry' if count == 1 else 'entries'}"


def unit_of(value: Number, unit: str) -> str:
    """``unit`` as it reads after ``value``: in the singular where the value is one or minus one."""
    return singular(unit) if abs(value) == 1 else unit


def amount(value: Number, unit: str) -> str:
    """A number with its unit: '30%', '5,000 members', '1 chamber'."""
    return f"{number(value)}%" if unit == "%" else f"{number(value)} {unit_of(value, unit)}"


def change(value: Change | None) -> str:
    """'−87.5%', '−2 pp', '+30 pp'; an empty string when there is nothing to compare."""
    if value is None:
        return ""
    sign = "+" if value.amount > 0 else MINUS if value.amount < 0 else "±"
    size = number(abs(value.amount))
    return f"{sign}{size}%" if value.unit == "%" else f"{sign}{size} pp"


def signed(value: Number) -> str:
    """+1, −8, ±0: a difference with its sign, as the changes of a rating are shown."""
    return ("+" if value > 0 else "±" if value == 0 else "") + number(value)


def moved(value: Number, better: str) -> str:
    """'+12, worse' for a rank that rose 12 where lower is better; '+1, better'; '±0'."""
    if value == 0:
        return signed(value)
    return f"{signed(value)}, {'better' if (value > 0) == (better == 'higher') else 'worse'}"


def threshold_values(threshold: Threshold) -> str:
    """'40,000 → 5,000 members', '7% → 5%', 'none → 30%'."""
    after = amount(threshold.after, threshold.unit)
    if threshold.before is None:
        return f"none {ARROW} {after}"
    before = f"{number(threshold.before)}%" if threshold.is_percentage else number(threshold.before)
    return f"{before} {ARROW} {after}"


def threshold_text(threshold: Threshold) -> str:
    """'40,000 → 5,000 members (−87.5%)'."""
    moved = change(threshold.change)
    values = threshold_values(threshold)
    return f"{values} ({moved})" if moved else values


def date(value: str) -> str:
    """'2022-06-05' -> '5 Jun 2022'; '2022-06' -> 'Jun 2022'; '2022' stays."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    parts = value.split("-")
    if len(parts) == 1:
        return value
    month = months[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


_TOKEN = re.compile(r"\S+")


def _word_key(token: str) -> str:
    return token.strip(".,;:!?\"'()").casefold()


def changed_spans(before: str, after: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The spans of the words that differ between ``before`` and ``after``, in each text."""
    from difflib import SequenceMatcher

    before_tokens = list(_TOKEN.finditer(before))
    after_tokens = list(_TOKEN.finditer(after))
    matcher = SequenceMatcher(
        None,
        [_word_key(t.group()) for t in before_tokens],
        [_word_key(t.group()) for t in after_tokens],
        autojunk=False,
    )
    removed: list[tuple[int, int]] = []
    added: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            removed.append((before_tokens[i1].start(), before_tokens[i2 - 1].end()))
        if j2 > j1:
            added.append((after_tokens[j1].start(), after_tokens[j2 - 1].end()))
    return removed, added


def shorten(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with an ellipsis."""
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    return text[: cut if cut > 0 else width - 1].rstrip(" ,;:") + "…"


def id_ranges(ids: list[int]) -> str:
    """[1, 2, 3, 5] -> '1–3, 5'."""
    ranges: list[list[int]] = []
    for number in sorted(ids):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)
