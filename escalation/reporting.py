"""Walking the reporting decision tree (beslisboom meldpunten).

The tree is data (ReportingTree/TreeQuestion/TreeChoice/ReportingPoint). This module loads
it in a fixed number of queries and walks it for a set of answers:

- start at the root question, the escalation ladder of effects: one answer, the highest rung
  that applies, which includes every rung below it (a ladder question, `is_ladder`);
- every chosen (or included) answer adds its reporting points and queues its follow-up
  question;
- queued questions are asked one at a time in the tree's order;
- the walk is complete when nothing is queued; the result is the union of the points, never
  empty (a tree edited into a path without points is refused).

`outcome()` then names the concrete parties of each point from the stakeholder directory:
the fixed ones of the point and, by its role, the CERT or regulator of the affected
organisation's sector (playbook.SectorReporting).

Answers come from the browser (`a=question:choice` query parameters), so each walk
re-validates them against the tree; answers to questions that were not (yet) asked are
ignored and dropped from the state passed on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import ReportingTree, TreeChoice, TreeQuestion


class InvalidAnswers(ValueError):
    pass


class EmptyOutcome(InvalidAnswers):
    """A complete walk without reporting points: the tree data needs fixing."""


@dataclass(frozen=True)
class Point:
    pk: int
    key: str
    name: str
    text: str
    order: int
    note: str = ""
    party_role: str = ""
    stakeholders: tuple = ()


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    point_keys: tuple[str, ...]
    next_key: str | None


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    help_text: str
    allows_multiple: bool
    order: int
    choices: tuple[Choice, ...]
    is_ladder: bool = False

    def included(self, chosen: list[Choice]) -> list[Choice]:
        """On a ladder the chosen rung includes every rung below it."""
        if not self.is_ladder or not chosen:
            return chosen
        top = max(self.choices.index(choice) for choice in chosen)
        return list(self.choices[: top + 1])

    def choice(self, key: str) -> Choice:
        for choice in self.choices:
            if choice.key == key:
                return choice
        raise InvalidAnswers(f"{self.key}: unknown answer {key!r}")


@dataclass(frozen=True)
class Tree:
    model: ReportingTree
    root_key: str
    questions: dict[str, Question]
    points: dict[str, Point]


@dataclass
class Walk:
    tree: Tree
    answered: list[tuple[Question, list[Choice]]] = field(default_factory=list)
    next_question: Question | None = None
    points: list[Point] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return self.next_question is None

    @property
    def answers(self) -> dict[str, list[str]]:
        return {q.key: [c.key for c in choices] for q, choices in self.answered}

    @property
    def params(self) -> list[str]:
        """The answers as `question:choice` values for the next request."""
        return [f"{q.key}:{c.key}" for q, choices in self.answered for c in choices]

    @property
    def back_params(self) -> list[str]:
        """The answers without the last answered question: one step back."""
        return [f"{q.key}:{c.key}" for q, choices in self.answered[:-1] for c in choices]

    @property
    def shown(self) -> list[tuple[Question, list[Choice]]]:
        """The answers as the user sees them: a ladder answer with the rungs it includes."""
        return [(q, q.included(cs)) for q, cs in self.answered]

    @property
    def summary(self) -> list[dict]:
        """Question and answer texts; a ladder answer lists every rung it includes."""
        return [
            {"question": q.text, "answers": [c.label for c in q.included(cs)]}
            for q, cs in self.answered
        ]


@dataclass(frozen=True)
class OutcomeItem:
    point: Point
    parties: tuple  # playbook.Stakeholder rows, with their contact fields
    # The sector role this point needs but no party is known for ("cert"/"toezichthouder").
    unresolved_role: str = ""


def outcome(walk: Walk, sector=None) -> list[OutcomeItem]:
    """The points of a complete walk with the concrete parties for `sector` (a
    playbook.SectorReporting with cert and regulator loaded, or None). No queries."""
    items = []
    for point in walk.points:
        parties = []
        unresolved = ""
        if point.party_role:
            party = None
            if sector is not None:
                party = sector.cert if point.party_role == "cert" else sector.regulator
            if party is None:
                unresolved = point.party_role
            else:
                parties.append(party)
        parties += [s for s in point.stakeholders if all(p.pk != s.pk for p in parties)]
        items.append(OutcomeItem(point=point, parties=tuple(parties), unresolved_role=unresolved))
    return items


def active_tree() -> ReportingTree | None:
    return ReportingTree.objects.filter(is_active=True).order_by("pk").first()


def load_tree(tree: ReportingTree) -> Tree:
    points = {
        p.key: Point(
            p.pk,
            p.key,
            p.name,
            p.text,
            p.order,
            note=p.note,
            party_role=p.party_role,
            stakeholders=tuple(p.stakeholders.all()),
        )
        for p in tree.points.prefetch_related("stakeholders")
    }
    choices_by_question: dict[int, list[Choice]] = {}
    for choice in (
        TreeChoice.objects.filter(question__tree=tree)
        .select_related("next_question")
        .prefetch_related("points")
        .order_by("question_id", "order", "pk")
    ):
        choices_by_question.setdefault(choice.question_id, []).append(
            Choice(
                key=choice.key,
                label=choice.label,
                point_keys=tuple(p.key for p in choice.points.all()),
                next_key=choice.next_question.key if choice.next_question else None,
            )
        )
    questions = {}
    root_key = None
    for q in TreeQuestion.objects.filter(tree=tree).order_by("order", "pk"):
        questions[q.key] = Question(
            key=q.key,
            text=q.text,
            help_text=q.help_text,
            allows_multiple=q.allows_multiple and not q.is_ladder,
            is_ladder=q.is_ladder,
            order=q.order,
            choices=tuple(choices_by_question.get(q.pk, [])),
        )
        if q.is_root and root_key is None:
            root_key = q.key
    if root_key is None:
        raise InvalidAnswers("The decision tree has no first question")
    return Tree(model=tree, root_key=root_key, questions=questions, points=points)


def parse_answers(values: list[str]) -> dict[str, list[str]]:
    """`["effect:digitaal", "effect:fysiek"]` -> {"effect": ["digitaal", "fysiek"]}."""
    answers: dict[str, list[str]] = {}
    for value in values:
        question, sep, choice = value.partition(":")
        if not sep or not question or not choice:
            raise InvalidAnswers(f"Malformed answer {value!r}")
        chosen = answers.setdefault(question, [])
        if choice not in chosen:
            chosen.append(choice)
    return answers


def walk(tree: Tree, answers: dict[str, list[str]]) -> Walk:
    result = Walk(tree=tree)
    pending = [tree.root_key]
    asked: set[str] = set()
    point_keys: set[str] = set()
    while pending:
        pending.sort(key=lambda key: tree.questions[key].order)
        question = tree.questions[pending.pop(0)]
        asked.add(question.key)
        chosen_keys = answers.get(question.key) or []
        if not chosen_keys:
            result.next_question = question
            break
        if len(chosen_keys) > 1 and not question.allows_multiple:
            raise InvalidAnswers(f"{question.key}: only one answer allowed")
        chosen = [question.choice(key) for key in chosen_keys]
        result.answered.append((question, chosen))
        for choice in question.included(chosen):
            point_keys.update(choice.point_keys)
            if choice.next_key and choice.next_key not in asked and choice.next_key not in pending:
                pending.append(choice.next_key)
    result.points = sorted(
        (tree.points[key] for key in point_keys), key=lambda point: (point.order, point.key)
    )
    if result.is_complete and not result.points:
        # Only an edited tree can get here; an empty checklist would read as "nothing to
        # report", which the ladder never means.
        raise EmptyOutcome("The decision tree gives no reporting point for these answers")
    return result
