"""In-app notices, as every audience with an inbox reads them: a list, newest first, and
marking one read. Each audience's module says whose inbox it is (``inbox``) and who may call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jobs.services.notices import notice_read
from workers.models import Notice


class NoticeOut(serializers.ModelSerializer[Notice]):
    class Meta:
        model = Notice
        fields = ["id", "kind", "title", "body", "created_at", "read_at"]


class NoticeListApi(generics.ListAPIView[Notice]):
    serializer_class = NoticeOut
    queryset = Notice.objects.none()  # for the schema; the real one is the caller's inbox
    inbox: Callable[[Request], QuerySet[Notice]]  # the caller's inbox, defined by each audience

    def get_queryset(self) -> QuerySet[Notice]:
        return self.inbox(self.request)


class NoticeReadApi(APIView):
    inbox: Callable[[Request], QuerySet[Notice]]  # the caller's inbox, defined by each audience

    def post(self, request: Request, pk: int, *args: Any, **kwargs: Any) -> Response:
        # Someone else's notice is "not found", never "forbidden": its existence is not told.
        notice = self.inbox(request).filter(pk=pk).first()
        if notice is None:
            raise exceptions.NotFound()
        return Response(NoticeOut(notice_read(notice=notice)).data)
