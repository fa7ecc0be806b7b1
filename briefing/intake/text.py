"""Plain text: the archive is the file itself; nothing in it says where the body is."""

from __future__ import annotations

from . import GUESSED, Extracted


def extract_text(data: bytes) -> Extracted:
    text = data.decode("utf-8")
    found = Extracted("plain text", text, None, "", suffix="")
    found.checks.append("plain text says nothing of where its article starts and ends: the "
                        "body is the whole text; move the markers to the article's first and "
                        "last words")
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    found.set("title", first[:200], "the first line of the text", GUESSED,
              "plain text has no metadata: the title is its first line")
    found.set("type", "document", "intake (plain text has no metadata)", GUESSED)
    return found
