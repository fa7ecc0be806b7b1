"""What the commands share on their command line: the project folder, named ``--root``
(``validate FOLDER`` and ``schema FOLDER``, as they were written before, still work)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import Project


def add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, help="the project folder (default: this one)")
    parser.add_argument("folder", nargs="?", type=Path, help=argparse.SUPPRESS)


def project_of(args: argparse.Namespace) -> Project | None:
    """The project the command runs on; None (and one line) when two folders are given."""
    if args.root and args.folder and args.root != args.folder:
        print(f"error: two project folders given: {args.folder} and --root {args.root}",
              file=sys.stderr)
        return None
    return Project.at(args.root or args.folder or Path("."))
