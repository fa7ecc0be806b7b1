"""A PDF: its text layer read by pdfminer.six, its metadata from the document information.

The archive is the text of every page, text blocks in pdfminer's reading order. The body is
what remains without page furniture: lines repeated on two or more pages (running heads and
feet) and page numbers. Ligature characters (U+FB00-FB06, 'ﬁ') are folded into their letters,
so that a quotation typed as 'fi' matches; the report says how many were.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from io import BytesIO

from .. import quotes
from . import GUESSED, PROBABLE, Extracted, IntakeError, names

_LIGATURES = re.compile("[\ufb00-\ufb06]")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
_BROKEN = re.compile(r"[^\W\d_]-$")
EDGE = 2  # lines at the top and at the foot of a page where running heads and feet stand


def extract_pdf(data: bytes) -> Extracted:
    pages = _pages(data)
    if not any(page.strip() for page in pages):
        raise IntakeError("PDF has no text layer (it is a scan or an image)", "intake.pdf-no-text",
                          "run it through OCR first (e.g. ocrmypdf), then add the OCRed PDF")
    text = "\n\n".join(page.strip("\n") for page in pages if page.strip()) + "\n"
    text, folded = _fold_ligatures(text)
    found = Extracted("PDF", text, _main_lines(text, pages), "the text without running heads, "
                      "feet and page numbers", suffix=".pdf")
    if folded:
        found.checks.append(f"{sum(folded.values())} ligatures folded into letters ("
                            + ", ".join(f"{k}→{unicodedata.normalize('NFKC', k)} {n}"
                                        for k, n in sorted(folded.items())) + ")")
    broken = sum(1 for line in text.splitlines() if _BROKEN.search(line))
    if broken:
        found.checks.append(f"{broken} lines end in a hyphen: a word broken across lines stays "
                            "broken in the archive ('coop- eration'); quote it as it stands")
    info = _info(data)
    meta = "the PDF's document information"
    first_line = next(line.strip() for line in text.splitlines() if line.strip())
    found.set("title", info.get("Title"), meta, PROBABLE)
    if "title" not in found.fields:
        found.set("title", first_line[:200], "the first line of the text", GUESSED,
                  "the PDF has no title in its metadata that can be used: the title is its "
                  "first line")
    found.set("author", names(info.get("Author", ""), commas=False), meta, PROBABLE,
              "the split into given and family name is intake's")
    created = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", info.get("CreationDate", ""))
    if created:
        found.set("issued", [int(p) for p in created.groups() if p], "the PDF's creation date",
                  PROBABLE, "the day the file was made, which may not be the day it was published")
    doi = _DOI.search(pages[0]) if pages else None
    if doi:
        found.set("DOI", doi.group(1).rstrip(".,;)"), "the first page's text", PROBABLE,
                  "a DOI on the first page may be another work's")
    found.set("type", "report", "a PDF", GUESSED, "a journal article is article-journal")
    return found


def _pages(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    pages = []
    try:
        for layout in extract_pages(BytesIO(data), laparams=LAParams()):
            blocks = ["\n".join(line.rstrip() for line in box.get_text().strip("\n").split("\n"))
                      for box in layout if isinstance(box, LTTextContainer)]
            pages.append("\n\n".join(b for b in blocks if b.strip()))
    except (PDFEncryptionError, PDFPasswordIncorrect):
        raise IntakeError("PDF is encrypted", "intake.unreadable",
                          "save an unencrypted copy (print to PDF) and add that") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise IntakeError(f"PDF cannot be read: {exc}", "intake.unreadable",
                          "the file is damaged or cut short") from None
    return pages


def _fold_ligatures(text: str) -> tuple[str, Counter]:
    folded = Counter(_LIGATURES.findall(text))
    return _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text), folded


def _main_lines(text: str, pages: list[str]) -> list[str]:
    """The lines of the text that are not page furniture: page numbers, and lines at the top
    or foot of half the pages or more (running heads and feet)."""
    seen = Counter()
    for page in pages:
        lines = [key for line in _fold_ligatures(page)[0].splitlines()
                 if (key := quotes.normalise(line))]
        seen.update(set(lines[:EDGE] + lines[-EDGE:]))
    repeated = {line for line, n in seen.items() if n > 1 and n * 2 >= len(pages)}
    return [line for line in text.splitlines() if (key := quotes.normalise(line))
            and key not in repeated and not _PAGE_NUMBER.match(key)]


def _info(data: bytes) -> dict[str, str]:
    """The document information dictionary's text fields."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    info = {}
    for entry in PDFDocument(PDFParser(BytesIO(data))).info:
        for key, value in entry.items():
            value = resolve1(value)
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and value.strip():
                info[key] = value.strip()
    return info
