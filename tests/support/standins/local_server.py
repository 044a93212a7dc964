"""What every gateway stand-in shares: a werkzeug server on a free local port, in a daemon
thread, answering JSON; control calls as a dashboard or a customer would make them; and the
failures a test plans for the next requests."""

from __future__ import annotations

import abc
import itertools
import json
import threading
import urllib.request
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import urlencode

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


@dataclass(frozen=True)
class Failure:
    status: int
    path: str | None = None  # only requests to this path fail
    lost: bool = False  # the request took effect and only the answer failed


class LocalServer(abc.ABC):
    """A stand-in calls ``_serve()`` once built and answers ``_answer(request)`` with a
    status and a JSON body."""

    def _serve(self) -> None:
        self._counter = itertools.count(1)
        self._lock = threading.RLock()
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def control(self, endpoint: str, /, **params: Any) -> dict:
        """Call a control endpoint (``pay``, ``decline``, ``fail`` ...) as the harness does."""
        body = urlencode(params).encode()
        with urllib.request.urlopen(f"{self.url}/_control/{endpoint}", data=body) as answer:
            return json.loads(answer.read())

    @abc.abstractmethod
    def _answer(self, request: Request) -> tuple[int, dict]:
        """The status and JSON body for one request (control calls included)."""

    def _wsgi(self, environ, start_response):
        status, body = self._answer(Request(environ))
        response = Response(self._dumps(body), status=status, mimetype="application/json")
        return response(environ, start_response)

    @staticmethod
    def _dumps(body: dict) -> str:
        """An answer as it goes on the wire."""
        return json.dumps(body)
