"""Employers and migrant records name their industry by the national classification."""

from __future__ import annotations

from jobs.models import Industry


def test_every_section_of_gb_t_4754_2017_can_be_chosen() -> None:
    # given the twenty sections A to T of GB/T 4754-2017 (mining, real estate and international
    # organisations among them)
    sections = {chr(c) for c in range(ord("A"), ord("T") + 1)}
    # then
    assert set(Industry.values) == sections
