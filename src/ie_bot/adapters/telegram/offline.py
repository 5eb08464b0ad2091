"""A Bot API stand-in for tests and the benchmark: records every call, answers like Telegram.

``FakeBotApi`` is Telegram's side, canned; ``RecordingRequest`` plugs it into PTB through
``telegram.request.BaseRequest`` (PTB's public hook for the network), so the real
``Application``, ``ExtBot``, rate limiter and handlers run unchanged on top of it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 424242, "is_bot": True, "first_name": "ie-bot", "username": "ie_test_bot",
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False}


@dataclass(frozen=True)
class Call:
    """One Bot API call: the method (``sendMessage``), its JSON parameters, what it returned."""

    method: str
    params: dict[str, Any]
    result: Any = None


class FakeBotApi:
    """Answers Bot API calls with canned successes and records them; errors can be scripted.

    ``fail(method, code, description)`` makes the next call of ``method`` fail the way
    Telegram does (``{"ok": false, ...}``); ``updates`` feeds ``getUpdates``;
    ``on_call`` sees every call (the benchmark uses it to find the buttons it was sent).
    """

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self.on_call: Callable[[Call], None] | None = None
        self._failures: dict[str, list[tuple[int, str]]] = {}
        self._message_ids = itertools.count(1000)

    def fail(self, method: str, code: int, description: str, times: int = 1) -> None:
        self._failures.setdefault(method, []).extend([(code, description)] * times)

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [call.params for call in self.calls if call.method == method]

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, bytes]:
        """The HTTP status and JSON body Telegram would send back."""
        if failures := self._failures.get(method):
            code, description = failures.pop(0)
            self._record(Call(method, params, description))
            body = {"ok": False, "error_code": code, "description": description}
            return code, json.dumps(body).encode()
        result = self._result(method, params)
        self._record(Call(method, params, result))
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        if self.on_call is not None:
            self.on_call(call)

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            updates, self.updates = self.updates, []
            return updates
        if method == "sendMessage":
            return {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": params["chat_id"], "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
                **({"reply_markup": params["reply_markup"]} if "reply_markup" in params else {}),
            }
        return True  # setMyCommands, answerCallbackQuery, deleteWebhook, setWebhook, ...


class RecordingRequest(BaseRequest):
    """PTB's network replaced by a ``FakeBotApi``: nothing leaves the process."""

    def __init__(self, api: FakeBotApi | None = None) -> None:
        self.api = api or FakeBotApi()

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        if endpoint == "getUpdates" and not self.api.updates:
            await asyncio.sleep(0.01)  # as if long polling found nothing
        return self.api.answer(endpoint, request_data.parameters if request_data else {})
