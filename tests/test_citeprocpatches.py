"""The citeproc-py patches of briefing/bibliography.py, each against citeproc-py as it is.

Upstream's behaviour comes from a child process in which the bibliography is formatted
with no patch applied, or with only the one under test.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from briefing import compat

#: Run in a child process: the entries of the sources given on stdin, with the patches
#: named in argv[1] (comma-separated; none: citeproc-py as it is), and how many times a
#: CSL macro was looked up by XPath.
ENTRIES_SCRIPT = """
import json, sys
from citeproc import model
from briefing import bibliography, compat
for name in filter(None, sys.argv[1].split(",")):
    compat._CODE[name]()
compat.apply = lambda package: set()  # nothing else is applied
searches = []
search = model.CitationStylesElement.xpath_search
def counting(self, expression):
    searches.extend([expression] if expression.startswith("cs:macro") else [])
    return search(self, expression)
model.CitationStylesElement.xpath_search = counting
entries = bibliography.entries(json.loads(sys.stdin.read()))
print(json.dumps({"entries": [str(entry) for _, entry in entries], "macro_searches": len(searches)}))
"""


def formatted(patches: str, sources: list[dict]) -> dict:
    result = subprocess.run([sys.executable, "-c", ENTRIES_SCRIPT, patches],
                            input=json.dumps(sources), capture_output=True, text=True,
                            check=True, timeout=120)
    return json.loads(result.stdout)


def needs(name: str):
    return pytest.mark.skipif(compat.refusal(name) is not None, reason=str(compat.refusal(name)))


def source(number: int = 0, **fields) -> dict:
    return {"id": f"s{number}", "type": "webpage", "title": f"A title {number}", **fields}


@needs("substitute-suppresses-variables")
def test_a_work_without_author_prints_its_title_once():
    work = [source(issued={"date-parts": [[2013]], "circa": True})]
    assert formatted("", work)["entries"] == ["“A Title 0.” [2013?]. “A Title 0.”"]
    assert formatted("substitute-suppresses-variables", work)["entries"] == [
        "“A Title 0.” [2013?]."]


@needs("empty-label-prints-nothing")
def test_a_label_of_an_empty_variable_prints_nothing():
    article = [source(type="article-newspaper", author=[{"family": "Doe", "given": "Jane"}],
                      **{"container-title": "The Paper", "issued": {"date-parts": [[2011, 6]]}})]
    assert formatted("", article)["entries"] == [
        "Doe, J. 2011. “A Title 0.” <i>The Paper</i>, June. Edition."]
    assert formatted("empty-label-prints-nothing", article)["entries"] == [
        "Doe, J. 2011. “A Title 0.” <i>The Paper</i>, June."]


@needs("macro-looked-up-once")
def test_a_macro_is_looked_up_once_per_style():
    def searches(patches: str, count: int) -> int:
        sources = [source(n, author=[{"family": f"Doe{n}", "given": "Jane"}],
                          issued={"date-parts": [[2000 + n]]}) for n in range(count)]
        return formatted(patches, sources)["macro_searches"]

    upstream = searches("", 10), searches("", 20)
    patched = searches("macro-looked-up-once", 10), searches("macro-looked-up-once", 20)
    assert upstream[1] > upstream[0] > patched[0]  # upstream: at every use
    assert patched[1] == patched[0]  # patched: once per macro, however many entries
