"""The tasks of this briefing: the engine's own task graph, run on this folder.

The engine (the installed ``briefing`` package and the repository it comes from) supplies
the tasks, the templates and the charts: update the engine and this project builds with
its improvements. A ``templates/`` or ``figures/`` folder here, if you make one, is used
instead of the engine's.
"""

from briefing.engine import tasks

globals().update(tasks(__file__))
