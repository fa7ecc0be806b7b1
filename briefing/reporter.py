"""doit's console reporter, with failures a person can fix shown as one line."""

from __future__ import annotations

from doit.exceptions import TaskFailed
from doit.reporter import ConsoleReporter


class BriefingReporter(ConsoleReporter):
    desc = "console output; content problems without tracebacks"

    def _write_failure(self, result, write_exception=True):
        failure = result["exception"]
        if isinstance(failure, TaskFailed) and not failure.traceback:
            self.write(f"error: task '{result['task'].name}' failed: {failure.message}\n")
        else:
            super()._write_failure(result, write_exception)
