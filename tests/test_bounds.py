"""Bounded and unbreakable: inputs that once stalled, blew up or crashed validation and the
commands, each held to a CPU time and memory limit in a child process (``run_limited``), each
with the exact line the user sees, and an ordinary input beside it that passes."""

from __future__ import annotations

import textwrap

from conftest import REPO, run_limited


def limited(code: str, **limits):
    result = run_limited(textwrap.dedent(code), cwd=REPO, **limits)
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr[-2000:])
    return result.stdout


# --- the closest passage to a quotation that is not found --------------------------------

def test_the_closest_passage_in_a_megabyte_takes_little_time():
    """One wrong 1 KB quotation against a 1 MB body: 32 s when every character was compared
    with every other; now well under the 2 s of CPU the child is allowed."""
    out = limited("""
        from briefing.quotes import cut_body
        lines = [f"Line {n} of the record: the delegation number {n} met at the border post."
                 for n in range(14000)]
        archive = "\\n".join(lines)
        assert len(archive) > 1_000_000
        body, problems = cut_body(archive, [("Line 0 ", "number 13999 met at the border post.")])
        wanted = " ".join(lines[7000:7014]).replace("number 7006 met", "number 7006 sat")
        assert len(wanted) > 1000 and not body.contains(wanted)
        print(body.closest(wanted))
    """, cpu_s=2, memory_mb=512)
    assert out.startswith("Line 7000 of the record: the delegation number 7000 met")
    assert out.rstrip().endswith("the delegation number 7013 met at the border post.")


def test_the_closest_passage_is_the_longest_run_shared():
    from briefing.quotes import cut_body

    body, _ = cut_body("Menu\nThe minister said the two sides would meet again soon. The "
                       "minister said nothing of radar. End", [("The", "End")])
    assert body.closest("the two sides would meet later") == "the two sides would meet again"
    assert body.closest("The minister said nothing of the radar") == (
        "The minister said nothing of radar. End")
    assert body.closest("unlike anything there") is None
