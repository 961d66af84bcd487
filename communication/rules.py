"""The checker's rules as the region words them (CheckRule rows, edited in the admin).

checker.py stays pure and keeps each rule's code, patterns and its own (translated) texts as
the fallback; `apply` drops the findings of rules switched off and gives the others the
region's label, advice and suggested wording. Seeded by a data migration through `load`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from crisiscentre.texts import TextCache, dutch, pick

from . import checker

# The rule that suggests a plain wording, and the code's suggestion.
SUGGESTING = {checker.WORDING: checker.PLAIN_WORDING}


def code_rows() -> list[dict]:
    return [
        {
            "code": code,
            "label": dutch(checker.RULE_LABELS[code]),
            "advice": dutch(checker.RULE_ADVICE[code]),
            "suggestion": SUGGESTING.get(code, ""),
            "order": (checker.PRIORITY[code] + 1) * 10,
        }
        for code in checker.RULE_ADVICE
    ]


def load(get_model: Callable | None = None) -> int:
    """Create the rule rows that do not exist yet; edited rows are kept. Returns how many."""
    if get_model is None:
        from django.apps import apps

        get_model = apps.get_model
    model = get_model("communication", "CheckRule")
    existing = set(model.objects.values_list("code", flat=True))
    new = [model(**row) for row in code_rows() if row["code"] not in existing]
    model.objects.bulk_create(new, ignore_conflicts=True)
    cache.clear()
    return len(new)


def _rules() -> dict[str, dict]:
    from .models import CheckRule

    return {
        row["code"]: row
        for row in CheckRule.objects.values("code", "label", "advice", "suggestion", "is_active")
    }


cache = TextCache(_rules)


def apply(findings: Iterable[checker.Finding]) -> list[checker.Finding]:
    rules = cache.get()
    result = []
    for finding in findings:
        rule = rules.get(finding.rule)
        if rule is None:  # not seeded (yet): the code's texts
            result.append(finding)
            continue
        if not rule["is_active"]:
            continue
        changes = {
            "label_text": pick(rule["label"], checker.RULE_LABELS[finding.rule]),
            "advice_text": pick(rule["advice"], checker.RULE_ADVICE[finding.rule]),
        }
        if finding.suggestion and finding.rule in SUGGESTING and rule["suggestion"]:
            changes["suggestion"] = rule["suggestion"]
        result.append(replace(finding, **changes))
    return result
