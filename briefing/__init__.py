"""The briefing engine: validated YAML in, cited HTML and PDF out.

Importing this package is cheap on purpose: ``dodo.py`` imports it when doit loads,
and WeasyPrint, matplotlib and Jinja2 load only inside the tasks that need them.
"""

__version__ = "0.1.0"
