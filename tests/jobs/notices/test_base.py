"""Rendering a notice's template."""

from __future__ import annotations

from jobs.notices.base import render
from workers.models import NoticeKind


def test_texts_are_not_html_escaped() -> None:
    title, body = render(NoticeKind.CANDIDATES, title="A&B <组长>", count=1, best_skills="")
    assert title == "“A&B <组长>”有1位新的合适人选"
    assert "&amp;" not in body
