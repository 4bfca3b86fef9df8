"""Gig-station and city staff: what the admin does that an app or another government system
needs. Staff reach only their own area."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
