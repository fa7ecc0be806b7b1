"""Plain text: the archive is the file itself; nothing in it says where the body is."""

from __future__ import annotations

from . import GUESSED, Extracted


def extract_text(data: bytes) -> Extracted:
    text = data.decode("utf-8")
    found = Extracted("plain text", text, None, "", suffix="")
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    found.set("title", first[:200], "the first line of the text", GUESSED,
              "plain text has no metadata: the title is its first line")
    found.set("type", "document", "plain text has no type", GUESSED)
    return found
