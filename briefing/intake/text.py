"""Plain text: the archive is the file itself; nothing in it says where the body is.

Proposals, RFCs and mailing-list archives open with a header block in the manner of RFC 822
(``Title:``, ``Author:``, ``Created:``, ``Date:`` lines, then a blank line): its title,
authors and date are drafted from it, said to come from it, and the body starts after it.
"""

from __future__ import annotations

import email.utils
import re
from datetime import datetime

from . import GUESSED, PROBABLE, Extracted, names

_HEADER = re.compile(r"([A-Za-z][A-Za-z-]{0,30}):[ \t]*(.*)")
_CONTINUED = re.compile(r"[ \t]+\S")
_TITLES, _AUTHORS = ("title", "subject"), ("author", "authors", "from")
_DATES = ("created", "date", "published")
#: How header blocks write a date: ISO, PEP style (01-May-2020), and words.
_DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y",
                 "%Y/%m/%d", "%B %Y", "%Y-%m")
_CONTACT = re.compile(r"<[^>]*>|\([^)]*\)")  # 'Jane Doe <jane@example.org>'


def extract_text(data: bytes) -> Extracted:
    text = data.decode("utf-8")
    header, rest = _header_block(text)
    if header:
        lines = [line for line in rest.splitlines() if line.strip()]
        found = Extracted("plain text with a header block", text, lines or None,
                          "the text after its header block")
        _from_header(found, header)
    else:
        found = Extracted("plain text", text, None, "", suffix="")
        found.checks.append("plain text says nothing of where its article starts and ends: the "
                            "body is the whole text; move the markers to the article's first "
                            "and last words")
    if "title" not in found.fields:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        found.set("title", first[:200], "the first line of the text", GUESSED,
                  "plain text has no metadata: the title is its first line")
    found.set("type", "document", "intake (plain text has no metadata)", GUESSED)
    return found


def _header_block(text: str) -> tuple[dict[str, tuple[str, str]], str]:
    """The header block's fields (lower-case name -> (name as written, value)) and the text
    after it; no fields unless the text opens with two header lines or more."""
    fields: dict[str, tuple[str, str]] = {}
    lines = text.lstrip("\ufeff\n").split("\n")
    for n, line in enumerate(lines):
        match = _HEADER.fullmatch(line.rstrip("\r"))
        if match and match.group(1).lower() not in fields:
            fields[match.group(1).lower()] = (match.group(1), match.group(2).strip())
        elif _CONTINUED.match(line) and fields:  # a header folded onto the next line
            name, (written, value) = list(fields.items())[-1]
            fields[name] = (written, f"{value} {line.strip()}")
        elif not line.strip() and len(fields) >= 2:
            return fields, "\n".join(lines[n + 1:])
        else:
            return {}, text
    return {}, text


def _from_header(found: Extracted, header: dict[str, tuple[str, str]]) -> None:
    def origin(name: str) -> str:
        return f"the text's header block ({header[name][0]}:)"

    title = next((n for n in _TITLES if header.get(n, ("", ""))[1]), None)
    if title:
        found.set("title", header[title][1], origin(title), PROBABLE)
    author = next((n for n in _AUTHORS if header.get(n, ("", ""))[1]), None)
    if author:
        found.set("author", names(_CONTACT.sub("", header[author][1])), origin(author),
                  PROBABLE, "the split into given and family name is intake's")
    for name in _DATES:
        parts = _date(header.get(name, ("", ""))[1])
        if parts:
            found.set("issued", parts, origin(name), PROBABLE)
            break


def _date(text: str) -> list[int] | None:
    """A header's date as CSL date parts, to the precision it is written with."""
    text = " ".join(text.split())
    for form in _DATE_FORMATS:
        try:
            day = datetime.strptime(text, form)
        except ValueError:
            continue
        return [day.year, day.month, day.day][: 2 if "%d" not in form else 3]
    mailed = email.utils.parsedate_tz(text)  # 'Fri, 01 May 2020 10:00:00 +0000'
    return list(mailed[:3]) if mailed and mailed[0] > 999 else None
