"""doit's console reporter, with failures a person can fix shown as one line.

It only reports, as doit's own reporters do; what a run holds while it builds (the build
lock, Ctrl-C, the worker and render processes) is ``briefing.run``'s.
"""

from __future__ import annotations

from doit.exceptions import TaskFailed
from doit.reporter import ConsoleReporter


class BriefingReporter(ConsoleReporter):
    desc = "console output; content problems without tracebacks"

    def write(self, text):
        """Flushed at once, so that a task's name comes before what the task prints to stderr
        even when the output goes to a pipe or a log file."""
        self.outstream.write(text)
        self.outstream.flush()

    def skip_uptodate(self, task):
        """A group of tasks (``pdf``, ``figures``: no actions of its own) is not listed, up to
        date or not, as doit lists none when it runs one."""
        if task.actions:
            super().skip_uptodate(task)

    def runtime_error(self, msg):
        """A run that stopped before its tasks (the build lock): one line, at once, rather
        than doit's banner and "Execution aborted." at the end."""
        self.write(f"error: {msg}\n")

    def _write_failure(self, result, write_exception=True):
        failure = result["exception"]
        if isinstance(failure, TaskFailed) and not failure.traceback:
            self.write(f"error: task '{result['task'].name}' failed: {failure.message}\n")
        else:
            super()._write_failure(result, write_exception)
