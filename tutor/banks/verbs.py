"""Command verbs: what each asks of an answer, and which criteria the tutor questions.

NCFE's "Explanation of terms" defines the Level 2 verbs; the seeds define none of the Level 3
ones (Analyse, Evaluate, Justify, Assess, Compare, Outline …), so the tutor writes its own
definitions here. `min_points` is how many rubric points an answer needs when a rubric does
not say; `needs_reasons` asks for reasons (because, so that, which means …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CommandVerb:
    name: str
    definition: str
    min_points: int
    needs_reasons: bool = False
    # False: under a "Be able to …" outcome the verb names an action ("Give help",
    # "Select and use", "Review progress"), observed at work rather than questioned.
    knowledge: bool = True
    # A bare list of the points can meet it (Identify, List, State …); not Describe or Explain.
    list_ok: bool = False
    # It asks for a judgement: weighing up, a comparison, a conclusion (Evaluate, Assess …).
    needs_judgement: bool = False


COMMAND_VERBS: dict[str, CommandVerb] = {
    v.name: v
    for v in (
        CommandVerb(
            "Identify", "Name or list the main points, without needing detail.", 2, list_ok=True
        ),
        CommandVerb("List", "Give the items asked for, one after another.", 2, list_ok=True),
        CommandVerb("State", "Give the main points clearly and briefly.", 2, list_ok=True),
        CommandVerb("Name", "Give the names asked for.", 2, list_ok=True),
        CommandVerb("Define", "State the meaning of the term precisely.", 2),
        CommandVerb(
            "Outline", "Set out the main points or stages, briefly, in order.", 2, list_ok=True
        ),
        CommandVerb("Summarise", "Bring together the main points briefly.", 2, list_ok=True),
        CommandVerb(
            "Describe", "Give detailed information: what it is, what it involves, how it looks.", 3
        ),
        CommandVerb(
            "Explain",
            "Give details with reasons: show how or why, not only what.",
            3,
            needs_reasons=True,
        ),
        CommandVerb(
            "Clarify",
            "Make clear what something means and why, with reasons.",
            3,
            needs_reasons=True,
            knowledge=False,
        ),
        CommandVerb(
            "Compare",
            "Set things side by side: how they are alike and how they differ, with reasons.",
            3,
            needs_reasons=True,
        ),
        CommandVerb(
            "Analyse",
            "Break it into its parts, show how they relate and why they matter.",
            3,
            needs_reasons=True,
            needs_judgement=True,
        ),
        CommandVerb(
            "Assess",
            "Weigh up how far something matters or works, giving reasons for the judgement.",
            3,
            needs_reasons=True,
            needs_judgement=True,
        ),
        CommandVerb(
            "Evaluate",
            "Weigh strengths against weaknesses and reach a judgement, with reasons.",
            3,
            needs_reasons=True,
            needs_judgement=True,
        ),
        CommandVerb(
            "Justify",
            "Give the reasons and evidence that support a choice or a conclusion.",
            3,
            needs_reasons=True,
        ),
        CommandVerb(
            "Review",
            "Look back over something and judge what went well and what did not.",
            3,
            needs_reasons=True,
            needs_judgement=True,
            knowledge=False,
        ),
        CommandVerb(
            "Discuss",
            "Talk through the issues, giving points for and against.",
            3,
            needs_reasons=True,
            needs_judgement=True,
        ),
        CommandVerb(
            "Recognise",
            "Show you know what something is and when it applies.",
            2,
            knowledge=False,
            list_ok=True,
        ),
        CommandVerb("Interpret", "Say what something means, in your own words.", 2),
        CommandVerb("Differentiate", "Say how two or more things differ.", 2),
        CommandVerb("Distinguish", "Say how two or more things differ.", 2),
        CommandVerb("Classify", "Sort items into groups and say why they belong there.", 2),
        CommandVerb(
            "Give", "Give the examples or items asked for.", 2, knowledge=False, list_ok=True
        ),
        CommandVerb("Select", "Choose what fits, and say why.", 2, knowledge=False, list_ok=True),
    )
}

# Knowledge verbs that, under a "Be able to …" outcome, still ask for knowledge: the tutor
# questions those criteria too (unless they describe an action towards a customer).
# "to customers" as the object of an action, but not "to customer service/needs …".
_ACTION_OBJECT = re.compile(
    r"\bto (the )?(customers?|colleagues|clients?|others|team members|them|people)\b"
    r"(?!['’])(?!\s+(service|services|relations|needs|experience|expectations|satisfaction"
    r"|care|feedback|loyalty|journey|information|records|data)\b)",
    re.I,
)


def command_verb(criterion_text: str) -> str:
    """The criterion's command verb ("Explain"), or "" if it starts with none we know."""
    words = re.findall(r"[A-Za-z]+", criterion_text)
    if not words:
        return ""
    first = words[0].capitalize()
    return first if first in COMMAND_VERBS else ""


# "Explain how to …", "Explain the procedure for …", "Explain … policies and procedures":
# the answer is the steps, judged on them, not on reasons.
_PROCESS = re.compile(
    r"^\s*(explain|describe|outline)\s+(how\b|the\s+(procedures?|process(es)?|steps|stages|"
    r"methods?|ways?)\b)|\bprocedures?\b",
    re.I,
)


# "… the importance of following procedures", "why procedures …": reasons after all.
_ASKS_WHY = re.compile(r"\b(why|importance|important|benefits?|reasons?|purpose|impact)\b", re.I)


@dataclass(frozen=True)
class Demand:
    """What a criterion asks of an answer beyond its points, from its verb and wording."""

    reasons: bool  # say why or what follows
    judgement: bool  # weigh up and conclude
    list_ok: bool  # a bare list of the points can meet it


def demand(verb: str, criterion_text: str = "") -> Demand:
    """The verb's demands, less reasons where the criterion asks for a process."""
    command = definition(verb)
    process = bool(_PROCESS.search(criterion_text)) and not _ASKS_WHY.search(criterion_text)
    return Demand(
        reasons=command.needs_reasons and not (process and not command.needs_judgement),
        judgement=command.needs_judgement,
        # With no verb (an answer scored against a reference answer) the shape is not judged.
        list_ok=command.list_ok or not verb,
    )


def definition(verb: str) -> CommandVerb:
    """The tutor's definition of a verb; an unknown verb is treated like Describe."""
    return COMMAND_VERBS.get(verb.capitalize(), COMMAND_VERBS["Describe"])


def is_knowledge_outcome(outcome_text: str) -> bool:
    """Outcomes that begin "Understand …" or "Know …" are knowledge outcomes."""
    return bool(re.match(r"\s*(understand|know)\b", outcome_text, re.I))


def is_target_criterion(outcome_text: str, criterion_text: str) -> bool:
    """Whether the tutor questions this criterion.

    Every criterion of a knowledge outcome; under a "Be able to …" outcome, those whose verb
    asks for knowledge, except an action such as "Explain … to customers".
    """
    if is_knowledge_outcome(outcome_text):
        return True
    verb = command_verb(criterion_text)
    if not verb or not COMMAND_VERBS[verb].knowledge:
        return False
    return not _ACTION_OBJECT.search(criterion_text)
