"""Token sign-in for the apps."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.models import AuthToken


class TokenAuthentication(KnoxTokenAuthentication):
    """Knox's, without its sweep of the user's other tokens on every request: a query each
    time on the busiest endpoints. An expired token is still refused (and deleted); the others
    are deleted by the nightly ``accounts.tokens_delete_expired``."""

    def _cleanup_token(self, auth_token: AuthToken) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False


class TokenScheme(KnoxTokenScheme):
    """The schema documents it as knox's: ``Authorization: Token …``."""

    target_class = "jobs.api.auth.TokenAuthentication"
