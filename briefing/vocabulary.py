"""The briefing's own words, as every task after ``validate`` reads them from content.json.

``content/vocabulary.yaml`` declares the domains, kinds of event, outcome statuses and
genres of source a briefing uses, in the order the charts and legends show them, with
their labels and roles (``briefing.model.Vocabulary``). Here they are written out in full,
defaults filled in, so that charts and templates never guess a word from an id.
"""

from __future__ import annotations


def normalised(vocabulary) -> dict:
    """The vocabulary as plain data: every term with its label (and a kind's plural)."""
    out = {}
    for section in ("domains", "kinds", "outcomes", "genres"):
        terms = []
        for term in getattr(vocabulary, section):
            data = {"id": term.id, "label": term.label or term.id.replace("-", " ")}
            if section == "kinds":
                data["plural"] = term.plural or data["label"] + "s"
            if section in ("kinds", "outcomes"):
                data["roles"] = list(term.roles)
            terms.append(data)
        out[section] = terms
    return out


def with_role(terms: list[dict], role: str) -> list[str]:
    """The ids of the terms that have ``role``, in the vocabulary's order."""
    return [t["id"] for t in terms if role in t["roles"]]


def default_outcome(vocabulary: dict) -> str:
    """The status of an event whose sources do not say what became of it ('' if none is
    declared: validation reports that)."""
    return next(iter(with_role(vocabulary["outcomes"], "default")), "")
