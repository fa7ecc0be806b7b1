"""``python -m briefing COMMAND`` (also the ``briefing`` console script).

Each command lives in a module of its own that offers ``add_arguments(parser)`` and
``run(args) -> int``; this file only names them, so that ``briefing --help`` stays cheap
(a command's module, and whatever heavy library it needs, loads only when it runs).
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys

#: command -> (module under briefing/, one-line help)
COMMANDS = {
    "validate": ("validate", "check content/ and report every problem"),
    "add-source": ("intake.command", "add a saved page, web archive, PDF or text as a source"),
    "find": ("find", "find words in the sources' bodies, ready to paste as a citation"),
    "schema": ("schema", "write the JSON Schemas of content files to schema/, with the content's words"),
    "new": ("new", "start a new briefing project in a new folder"),
    "preview": ("preview", "serve the web edition on 127.0.0.1 and rebuild it on every save"),
    "patches": ("compat", "show each patch of an upstream library and whether it applies"),
    "verify": ("verify", "check a PDF edition against the evidence it carries, with nothing else"),
    "sign": ("sign", "write a signed copy of a PDF edition (PAdES), with a PKCS#12 key"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefing", description="The briefing build's commands.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    modules = {}
    try:
        for name, (module, help_) in COMMANDS.items():
            sub = commands.add_parser(name, help=help_, description=help_)
            modules[name] = importlib.import_module(f"briefing.{module}")
            modules[name].add_arguments(sub)
    except ImportError as exc:
        sys.stderr.write(f"error: a library the briefing needs cannot be loaded ({exc}); set "
                         "the project up again with make (or pip install -e .)\n")
        return 2
    args = parser.parse_args(argv)
    try:
        return modules[args.command].run(args)
    except KeyboardInterrupt:
        sys.stderr.write("\nstopped\n")
        return 130
    except BrokenPipeError:
        return _reader_gone()


def _reader_gone() -> int:
    """The reader of the output went away (``briefing find ... | head``): end quietly, as
    Unix tools do, with the status of a process ended by SIGPIPE. Python would complain once
    more when it flushes standard output at exit, so that goes nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 128 + signal.SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
