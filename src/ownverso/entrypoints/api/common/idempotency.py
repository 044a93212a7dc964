"""``@idempotent``: the ``Idempotency-Key`` header on our own money-moving requests.

Put it right under ``@blp.login_required`` (the key is kept per signed-in user) and above
``@blp.arguments``. Without the header the request runs as it always did. With it, the first
request runs and its answer (2xx, or a 4xx from the use case) is kept for 24 hours; a retry
with the same key and the same request gets that answer again with
``Idempotent-Replayed: true`` and runs nothing. Not kept, so a retry runs again: a body the
schema refused (the request never started), a 429, a 409 ``concurrent_update`` and any 5xx.
Every decorated route requires sign-in; on a route that lets anonymous callers through, the
header would be refused with 401, since an anonymous key has no owner to scope it to.
"""

from functools import wraps

import flask_smorest
from dependency_injector.wiring import Provide, inject
from flask import Response, current_app, make_response, request

from ownverso.domain.idempotency import IdempotencyRecord, IdempotencyStatus, fingerprint
from ownverso.entrypoints.api.common.errors import handle_service_error
from ownverso.entrypoints.api.common.smorest import optional_actor
from ownverso.services.errors import ServiceError, Unauthenticated
from ownverso.services.idempotency import IdempotencyService

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
NOT_KEPT = {429}  # besides 5xx: answers about the moment, not about the request

HEADER_DOC = {
    "in": "header", "name": HEADER, "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": (
        "Makes a retry safe: 1-255 printable ASCII characters (a UUID v4), unique per "
        "operation. The same key and body again within 24 hours get the first answer back "
        f"with `{REPLAYED}: true` and no second effect; the same key with another request "
        "is 422 `idempotency_key_reused`; while the first is still running, 409 "
        "`idempotency_request_in_progress`. Server errors are not kept: retry with the key."),
}


@inject
def _service(service: IdempotencyService = Provide["idempotency"]) -> IdempotencyService:
    return service


def idempotent(view):
    """Run the view at most once per ``Idempotency-Key`` and replay its answer."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        caller = optional_actor()
        if caller is None:
            raise Unauthenticated(f"Sign in to send an {HEADER}: keys are kept per user.",
                                  code="authentication_required")
        service = _service()
        record = service.begin(
            user_id=caller.user_id, key=key, method=request.method, path=request.path,
            fingerprint=fingerprint(request.method, request.path,
                                    request.get_json(silent=True)))
        if record.status == IdempotencyStatus.COMPLETED:
            return _replay(record)
        try:
            response = make_response(view(*args, **kwargs))
        except ServiceError as error:
            if error.status >= 500 or error.status in NOT_KEPT:
                service.abandon(record_id=record.id)
                raise
            response = handle_service_error(error)
        except BaseException:
            service.abandon(record_id=record.id)
            raise
        if response.status_code >= 500 or response.status_code in NOT_KEPT:
            service.abandon(record_id=record.id)
        else:
            service.finish(record_id=record.id, status=response.status_code,
                           body=response.get_data(as_text=True),
                           headers=dict(response.headers))
        return response

    return flask_smorest.Blueprint.doc(parameters=[HEADER_DOC])(wrapper)


def _replay(record: IdempotencyRecord) -> Response:
    response = current_app.response_class(record.response_body, status=record.response_status,
                                          mimetype="application/json")
    response.headers.update(record.response_headers)
    response.headers[REPLAYED] = "true"
    return response
