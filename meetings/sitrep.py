"""The sitrep's *oordeel* section (BOB: after the beeld, before the besluiten)."""

from incidents.tlp import TLP, tlp_max, visible_at

from .models import Assessment


def assessments_section(incident, *, audience_tlp: str, since) -> dict | None:
    """The current judgement, expectation and scenarios, as far as the audience may read."""
    current: dict[str, Assessment] = {}
    withheld = 0
    for assessment in Assessment.objects.filter(incident=incident).order_by("-created_at", "-pk")[
        :200
    ]:
        if assessment.kind in current:
            continue
        if not visible_at(assessment.tlp, audience_tlp):
            withheld += 1
            continue
        current[assessment.kind] = assessment
    rows = [
        {
            "label": label,
            "item": current[kind],
            "is_new": since is None or current[kind].created_at >= since,
        }
        for kind, label in Assessment.Kind.choices
        if kind in current
    ]
    return {
        "rows": rows,
        "withheld": withheld,
        "tlp": tlp_max([row["item"].tlp for row in rows], default=TLP.CLEAR),
        "is_empty": not rows,
        "placeholders": [],
    }
