from enum import StrEnum


class Queue(StrEnum):
    """Named queues, so that slow rebuilds never hold up notices or rescoring."""

    DEFAULT = "default"
    SCORING = "scoring"
    NOTICES = "notices"
    SLOW = "slow"
