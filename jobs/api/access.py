"""Who may call an endpoint, for every audience's views: nobody signed in, or a job seeker
(their own person, read once a request)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from jobs.models import Person
from jobs.selectors.seekers import seeker_of_user


class PublicApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []  # no session: no CSRF, no cookies needed


def _seeker_person(user: Any) -> Person | None:
    # One query, remembered on the user object, which lives as long as the request: the busiest
    # endpoints ("my matches") ask for it in the permission check and again in the view.
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_seeker_person"):
        user._seeker_person = seeker_of_user(user=user)
    person: Person | None = user._seeker_person
    return person


class IsSeeker(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return _seeker_person(request.user) is not None


def me(request: Request) -> Person:
    person = _seeker_person(request.user)
    assert person is not None  # IsSeeker let the request in
    return person
