"""The one registry of the numbers in a weight set: path, form name, label, bounds and unit of each.

It is derived from the ``Weights`` pydantic model and the vocabulary, so a number added to ``Weights``
appears in the admin form, the diff, the read-only table and the error mapping without more code:

- ``dict[Factor, float]`` → one number per question (e.g. ``importance.stage``);
- ``dict[Factor, list[float]]`` → one number per option or band of each question (``leans.stage.2``);
- ``list[float]`` → one number per entry (``budget_bands.0``);
- ``dict[SomeChoiceEnum, float]`` → one number per option of that question (``min_ad_spend.local``);
- ``float`` → one number (``smo_below``).

Bounds come from the model's constraints; the unit (money, hours, a lean, a score) from those bounds. Pure
Python: no Django here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from advisor.domain import Weights
from advisor.vocabulary import (
    CHOICE_ENUMS,
    DIRECTIONS,
    FACTOR_LABELS,
    MAX_MONTHLY_BUDGET,
    MAX_WEEKLY_HOURS,
    QUESTIONS,
    REQUIRED_FACTORS,
    Direction,
    Factor,
    option_label,
)
from advisor.weights import option_keys


class Unit(StrEnum):
    IMPORTANCE = "importance"
    LEAN = "lean"
    SCORE = "score"
    MONEY = "money"
    HOURS = "hours"
    NUMBER = "number"


class Kind(StrEnum):
    SCALAR = "scalar"  # smo_below
    LIST = "list"  # budget_bands.0
    KEYED = "keyed"  # importance.stage, min_ad_spend.local
    KEYED_LIST = "keyed_list"  # leans.stage.0


@dataclass(frozen=True)
class WeightField:
    path: str  # where the number lives in the data: "leans.stage.2"
    name: str  # the form field's name: "lean_stage_2"
    label: str  # its name within its section: "Growing"
    title: str  # its full name anywhere else: "Business stage · Growing"
    help: str
    section: str  # Section.key
    unit: Unit
    kind: Kind
    minimum: float | None
    maximum: float | None
    aliases: tuple[str, ...] = ()  # other paths the validation uses for it: "leans.stage.growing"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    description: str
    fields: tuple[WeightField, ...]


LEAN_HELP = "−1 pushes fully toward organic work (SMO), +1 fully toward paid ads (SMM), 0 is neutral."
IMPORTANCE_HELP = "How much this question counts against the others: 0 ignores it, 10 is the most."
DIRECTION_HELP: dict[Direction, str] = {
    Direction.TOWARD_PAID: "Each answer further down must lean at least as far toward paid as the one above it.",
    Direction.TOWARD_ORGANIC: "Each answer further down must lean at least as far toward organic as the one "
    "above it.",
    Direction.FREE: "These answers can lean any way.",
}

# Words for the numbers we know; a number added to Weights without an entry here is named after its field.
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "importance": ("Importance", IMPORTANCE_HELP),
    "budget_bands": ("Band {n} ends at", "Upper bound (a month), included in the band."),
    "hour_bands": ("Band {n} ends at", "Upper bound (hours a week), included in the band."),
    "smo_below": (
        "Organic first below",
        "A score below this number gives “start with organic work”. Between −1 and 1.",
    ),
    "smm_from": (
        "Paid first from",
        "A score at or above this number gives “lead with paid ads”; anything between the two is blended. "
        "Must be at least 0.05 above the organic threshold.",
    ),
    "min_ad_spend": (
        "{key}",
        "Below this monthly ad spend, ads aimed at this area reach too few people: advice with ads funds "
        "at least this much, or narrows the area, or stays organic-first.",
    ),
    # The plan's numbers: the help text is the Weights field's own description.
    "ad_hours_per_1000": ("Hours a week per 1,000 of monthly ad spend", ""),
    "help_hourly_rate": ("Cost of an hour of paid help", ""),
}
# Units the bounds cannot tell (an hourly rate is money, below the monthly ceiling).
FIELD_UNITS: dict[str, Unit] = {"help_hourly_rate": Unit.MONEY}
# Numbers of their own that share a section with others.
SCALAR_SECTIONS: dict[str, str] = {
    "smo_below": "thresholds",
    "smm_from": "thresholds",
    "ad_hours_per_1000": "plan",
    "help_hourly_rate": "plan",
}
SECTION_WORDS: dict[str, tuple[str, str]] = {
    "budget_bands": (
        "Budget bands (monthly amounts)",
        "Each amount falls in the first band whose end is at or above it; amounts above the last end form "
        "the top band. Ends must go up. The budget leans above follow these bands.",
    ),
    "hour_bands": (
        "Hours bands (hours a week)",
        f"The same for weekly hours; the last end must be below {MAX_WEEKLY_HOURS}.",
    ),
    "thresholds": (
        "Thresholds: where the score becomes a verdict",
        "The score is the importance-weighted average of the leans of the answered questions, from −1 "
        "(all organic) to +1 (all paid). A budget of 0 is always organic first.",
    ),
    "min_ad_spend": (
        "Minimum ad spend (a month, per customer area)",
        "Advice that includes ads funds them with at least this much for the area they aim at; when the "
        "budget cannot, the advice narrows the area or stays organic-first. A wider area may never need less.",
    ),
    "plan": ("Plan: time and help", ""),
}
# Which question's band labels a list of band ends belongs to (its leans follow these bands).
BANDS_OF: dict[str, Factor] = {"budget_bands": Factor.MONTHLY_BUDGET, "hour_bands": Factor.WEEKLY_HOURS}


def humanize(name: str) -> str:
    return name.replace("_", " ").capitalize()


def form_name(path: str, kind: Kind) -> str:
    """The form field's name: the path with underscores, a container's name made singular."""
    head, *rest = path.split(".")
    if kind != Kind.SCALAR:
        head = head.removesuffix("s")
    return "_".join([head, *rest])


# --- reading the model ---------------------------------------------------------------------------------


def bounds(annotation: Any, metadata: Iterable[Any] = ()) -> tuple[float | None, float | None]:
    """The ge/le constraints on a number, wherever pydantic keeps them."""
    found: list[Any] = list(metadata)
    if get_origin(annotation) is Annotated:
        for extra in get_args(annotation)[1:]:
            found.extend(extra.metadata if isinstance(extra, FieldInfo) else [extra])
    # annotated_types.Ge / Le, read by their attribute (pydantic's own dependency, not imported here)
    low = next((item.ge for item in found if hasattr(item, "ge")), None)
    high = next((item.le for item in found if hasattr(item, "le")), None)
    return (None if low is None else float(low), None if high is None else float(high))


def unit_for(minimum: float | None, maximum: float | None, kind: Kind) -> Unit:
    if maximum == MAX_MONTHLY_BUDGET:
        return Unit.MONEY
    if maximum == MAX_WEEKLY_HOURS:
        return Unit.HOURS
    if (minimum, maximum) == (-1, 1):
        return Unit.LEAN if kind == Kind.KEYED_LIST else Unit.SCORE
    if (minimum, maximum) == (0, 10):
        return Unit.IMPORTANCE
    return Unit.NUMBER


def key_label(enum: type[Enum], key: str) -> str:
    if enum is Factor:
        return FACTOR_LABELS[Factor(key)]
    for factor, choice_enum in CHOICE_ENUMS.items():
        if choice_enum is enum:
            return option_label(factor, key)
    return humanize(key)


def shape(annotation: Any) -> tuple[Kind, type[Enum] | None, Any]:
    """(kind, key enum, the annotation of one number) of a top-level field of Weights."""
    if get_origin(annotation) is dict:
        key, value = get_args(annotation)
        if get_origin(value) is list:
            return Kind.KEYED_LIST, key, get_args(value)[0]
        return Kind.KEYED, key, value
    if get_origin(annotation) is list:
        return Kind.LIST, None, get_args(annotation)[0]
    return Kind.SCALAR, None, annotation


# --- the registry ----------------------------------------------------------------------------------------


def weight_fields(
    data: Mapping[str, Any], *, currency: str = "", model: type[BaseModel] = Weights
) -> tuple[WeightField, ...]:
    """Every number of a weight set shaped like ``data`` (the band counts decide how many leans)."""
    fields: list[WeightField] = []
    for name, info in model.model_fields.items():
        if name == "version":
            continue  # kept in its own column, never edited
        kind, key_enum, item = shape(info.annotation)
        minimum, maximum = bounds(item, info.metadata if kind == Kind.SCALAR else ())
        unit = FIELD_UNITS.get(name) or unit_for(minimum, maximum, kind)
        make = {Kind.SCALAR: _scalar, Kind.LIST: _list, Kind.KEYED: _keyed, Kind.KEYED_LIST: _keyed_list}[
            kind
        ]
        words = FIELD_WORDS.get(name) or model_words(name, info, kind, key_enum)
        if not words[1] and info.description:
            words = (words[0], info.description)
        for path, label, help_text, section, aliases in make(name, key_enum, data, currency, words):
            fields.append(
                WeightField(
                    path=path,
                    name=form_name(path, kind),
                    label=label,
                    title=f"{section_title(section, short=True)} · {label}",
                    help=help_text,
                    section=section,
                    unit=unit,
                    kind=kind,
                    minimum=minimum,
                    maximum=maximum,
                    aliases=aliases,
                )
            )
    return tuple(fields)


Entry = tuple[str, str, str, str, tuple[str, ...]]  # path, label, help, section, aliases
Words = tuple[str, str]  # label template, help


def model_words(name: str, info: FieldInfo, kind: Kind, key_enum: Any) -> tuple[str, str]:
    """Words for a number FIELD_WORDS does not know: its Field(title=..., description=...) or its name."""
    title = info.title or humanize(name)
    if kind == Kind.LIST:
        title += " {n}"
    elif kind == Kind.KEYED and key_enum is not Factor:
        title = "{key}"  # the section carries the field's name
    return title, info.description or ""


def _words(words: tuple[str, str], **values: Any) -> tuple[str, str]:
    return words[0].format(**values), words[1]


def _scalar(name: str, key_enum: Any, data: Mapping[str, Any], currency: str, words: Words) -> list[Entry]:
    label, help_text = _words(words)
    return [(name, label, help_text, SCALAR_SECTIONS.get(name, name), ())]


def _list(name: str, key_enum: Any, data: Mapping[str, Any], currency: str, words: Words) -> list[Entry]:
    entries: list[Entry] = []
    for index in range(len(data.get(name) or ())):
        label, help_text = _words(words, n=index + 1)
        entries.append((f"{name}.{index}", label, help_text, name, ()))
    return entries


def _keyed(
    name: str, key_enum: type[Enum], data: Mapping[str, Any], currency: str, words: Words
) -> list[Entry]:
    entries: list[Entry] = []
    for member in key_enum:
        key = str(member.value)
        label, help_text = _words(words, key=key_label(key_enum, key))
        if key_enum is Factor:
            entries.append((f"{name}.{key}", label, help_text, key, ()))
        else:
            entries.append((f"{name}.{key}", label, help_text, name, ()))
    return entries


def _keyed_list(
    name: str, key_enum: type[Enum], data: Mapping[str, Any], currency: str, words: Words
) -> list[Entry]:
    entries: list[Entry] = []
    for member in key_enum:
        key = str(member.value)
        for index, (slot, label, help_text) in enumerate(_slots(Factor(key), data, currency)):
            section = key if key_enum is Factor else name
            entries.append((f"{name}.{key}.{index}", label, help_text, section, (f"{name}.{key}.{slot}",)))
    return entries


def _slots(factor: Factor, data: Mapping[str, Any], currency: str) -> list[tuple[str, str, str]]:
    """(validation key, label, help) of each lean slot of a question: its options, or its bands."""
    if factor in CHOICE_ENUMS:
        return [(option.value, option.label, option.description) for option in QUESTIONS[factor].options]
    bands_name = next(name for name, owner in BANDS_OF.items() if owner == factor)
    bands = [float(b) for b in data.get(bands_name) or ()]
    shaped: dict[str, Any] = {bands_name: bands}  # only the bands: all option_keys reads
    keys = option_keys(factor, Weights.model_construct(None, **shaped))
    if factor == Factor.MONTHLY_BUDGET:
        suffix = f" {currency} a month" if currency else " a month"
        labels = [f"Budget {key}{suffix}" for key in keys]
        if bands and bands[0] == 0:
            labels[0] = "No budget (0)"  # "up to 0" reads oddly: the band holds exactly 0
        return [(key, label, "") for key, label in zip(keys, labels, strict=True)]
    return [(key, f"{key[:1].upper()}{key[1:]} hours a week", "") for key in keys]


def section_title(key: str, *, short: bool = False) -> str:
    if key in FACTOR_LABELS:
        factor = Factor(key)
        return FACTOR_LABELS[factor] if short else f"{FACTOR_LABELS[factor]} — “{QUESTIONS[factor].text}”"
    title = SECTION_WORDS.get(key, (humanize(key), ""))[0]
    return title.split(" (")[0].split(":")[0] if short else title


def sections(fields: Iterable[WeightField]) -> list[Section]:
    """The fields grouped for a page: one section per question, then bands, thresholds and the rest."""
    grouped: dict[str, list[WeightField]] = {factor.value: [] for factor in Factor}
    for field in fields:
        grouped.setdefault(field.section, []).append(field)
    return [
        Section(key, section_title(key), _section_description(key), tuple(members))
        for key, members in grouped.items()
        if members
    ]


def _section_description(key: str) -> str:
    if key in FACTOR_LABELS:
        factor = Factor(key)
        kind = "Required question" if factor in REQUIRED_FACTORS else "Optional question"
        return f"{kind}. {LEAN_HELP} {DIRECTION_HELP[DIRECTIONS[factor]]}"
    return SECTION_WORDS.get(key, ("", ""))[1]


# --- values and paths --------------------------------------------------------------------------------------


def value_at(data: Mapping[str, Any], path: str) -> Any:
    """The number at ``path`` in nested data, or None when it is not there."""
    current: Any = data
    for part in path.split("."):
        if isinstance(current, Mapping):
            current = current.get(part)
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return None
    return current


def flatten(data: Mapping[str, Any], *, currency: str = "") -> dict[str, Any]:
    return {field.path: value_at(data, field.path) for field in weight_fields(data, currency=currency)}


def assemble(values: Mapping[str, Any], fields: Iterable[WeightField]) -> dict[str, Any]:
    """Nested data from ``{path: number}``: the inverse of ``value_at`` over a registry."""
    data: dict[str, Any] = {}
    for field in fields:
        head, *rest = field.path.split(".")
        value = values.get(field.path)
        if field.kind == Kind.SCALAR:
            data[head] = value
        elif field.kind == Kind.LIST:
            data.setdefault(head, []).append(value)
        elif field.kind == Kind.KEYED:
            data.setdefault(head, {})[rest[0]] = value
        else:
            data.setdefault(head, {}).setdefault(rest[0], []).append(value)
    return data


def field_for(path: str, fields: Iterable[WeightField]) -> WeightField | None:
    """The number a validation problem is about: by its path or alias, else the first number under it
    ("leans.stage" → the first lean of stage); None for a problem about the set as a whole."""
    fields = tuple(fields)
    for field in fields:
        if path == field.path or path in field.aliases:
            return field
    if "." not in path:
        return next((field for field in fields if field.path == path), None)
    return next((field for field in fields if field.path.startswith(f"{path}.")), None)
