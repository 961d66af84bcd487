"""The NCP-D values as the region words them: the stable codes are the TextChoices in
models.py, their labels and descriptions are ClassificationValue rows edited in the admin.

`load` seeds missing rows from the code (data migration, idempotent: edited rows are kept);
`value_label` / `value_description` read them through one cached query.
"""

from __future__ import annotations

from collections.abc import Callable

from crisiscentre.texts import TextCache, dutch, pick

from .models import BLOCKS


def code_rows() -> list[dict]:
    """One row per value, in the NCP-D table's order (blocks, then values)."""
    choices = [(block, choice) for block, (_label, values) in BLOCKS.items() for choice in values]
    return [
        {"block": block, "value": choice.value, "label": dutch(choice.label), "order": i * 10}
        for i, (block, choice) in enumerate(choices, start=1)
    ]


def load(get_model: Callable | None = None) -> int:
    """Create the rows that do not exist yet; return how many. Existing rows stay as edited."""
    if get_model is None:
        from django.apps import apps

        get_model = apps.get_model
    model = get_model("incidents", "ClassificationValue")
    existing = set(model.objects.values_list("block", "value"))
    new = [model(**row) for row in code_rows() if (row["block"], row["value"]) not in existing]
    model.objects.bulk_create(new, ignore_conflicts=True)
    cache.clear()
    return len(new)


def _texts() -> dict[tuple[str, str], tuple[str, str]]:
    from .models import ClassificationValue

    return {
        (row.block, row.value): (row.label, row.description)
        for row in ClassificationValue.objects.only("block", "value", "label", "description")
    }


cache = TextCache(_texts)


def _code_label(block: str, value: str):
    choices = BLOCKS[block][1]
    return choices(value).label if value in choices.values else value


def value_label(block: str, value: str) -> str:
    edited = cache.get().get((block, value), ("", ""))[0]
    return pick(edited, _code_label(block, value))


def value_description(block: str, value: str) -> str:
    return cache.get().get((block, value), ("", ""))[1]


def value_choices(block: str) -> list[tuple[str, str]]:
    """Form choices in the code's order with the region's labels."""
    return [(value, value_label(block, value)) for value in BLOCKS[block][1].values]


def block_help(block: str) -> str:
    """The descriptions the region wrote for a block's values, as one help text ("" if none)."""
    parts = []
    for value, label in value_choices(block):
        description = value_description(block, value)
        if description:
            parts.append(f"{label}: {description}")
    return " · ".join(parts)
