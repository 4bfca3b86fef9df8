from enum import StrEnum


class Queue(StrEnum):
    """Named queues, so that slow rebuilds never hold up notices or rescoring."""

    DEFAULT = "default"
    SCORING = "scoring"
    NOTICES = "notices"
    SLOW = "slow"


# Which queue each task goes to, by its stable name (first match wins; any other task goes to
# DEFAULT). Routing by name, not by an option on the task, means a process that sends a task by
# its name without importing its module (a web process, the scheduler) routes it as the worker
# expects.
ROUTES: dict[str, dict[str, str]] = {
    "matching.refresh_*": {"queue": Queue.SCORING.value},
    "matching.*": {"queue": Queue.SLOW.value},
    "notices.*": {"queue": Queue.NOTICES.value},
    "imports.run": {"queue": Queue.SLOW.value},
}
