"""One error body for every 4xx and 5xx: ``{code, status, message, errors, error}``."""

import logging

from flask import g, jsonify, request
from werkzeug.exceptions import HTTPException

from ownverso.services.errors import ServiceError
from ownverso.services.ports import ConcurrencyConflict, IntegrityConflict

log = logging.getLogger("ownverso.api")

DEFAULT_CODES = {
    400: "bad_request", 401: "unauthenticated", 403: "permission_denied", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 410: "gone",
    412: "precondition_failed", 413: "payload_too_large", 415: "unsupported_media_type",
    422: "validation_failed", 428: "precondition_required", 429: "rate_limited",
    500: "internal_error", 503: "unavailable",
}
STATUS_NAMES = {400: "Bad Request", 401: "Unauthorized", 402: "Payment Required",
                403: "Forbidden", 404: "Not Found", 409: "Conflict",
                413: "Request Entity Too Large", 415: "Unsupported Media Type",
                422: "Unprocessable Entity", 429: "Too Many Requests", 503: "Service Unavailable"}
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def error_response(status: int, *, error: str, message: str, errors: dict | None = None,
                   headers: dict | None = None, name: str | None = None):
    body = {"code": status, "status": name or STATUS_NAMES.get(status, "Error"),
            "error": error, "message": message, "errors": errors or {}}
    if "request_id" in g:
        body["request_id"] = g.request_id
    response = jsonify(body)
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def handle_http_exception(exc: HTTPException):
    """Werkzeug and webargs errors (404 routes, 405, malformed JSON, schema validation)."""
    data = getattr(exc, "data", None) or {}
    status = exc.code or 500
    if status >= 500:
        original = getattr(exc, "original_exception", None)
        log.error("unhandled error", exc_info=original or exc)
        message = "Something went wrong on our side; it has been logged."
    else:
        message = data.get("message") or exc.description or exc.name
    errors = data.get("errors") or data.get("messages") or {}
    error = data.get("error") or DEFAULT_CODES.get(status, "error")
    if status == 422 and errors and "message" not in data:
        message = "The request has invalid fields."
    # keep what the exception says besides its HTML body type (e.g. Allow on a 405)
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    headers.update(data.get("headers") or {})
    return error_response(status, error=error, message=message, errors=errors,
                          headers=headers or None, name=exc.name)


def handle_service_error(exc: ServiceError):
    errors = {exc.location: exc.fields} if exc.fields else {}
    headers = dict(exc.headers)
    if exc.status == 401:
        headers.setdefault("WWW-Authenticate", f'Bearer error="{exc.code}"')
    return error_response(exc.status, error=exc.code, message=exc.message, errors=errors,
                          headers=headers)


def handle_conflict(exc: Exception):
    if isinstance(exc, ConcurrencyConflict):
        return error_response(409, error="concurrent_update",
                              message="Someone else changed this at the same time; try again.")
    return error_response(409, error="conflict", message="This conflicts with existing data.")


def refuse_non_json_bodies():
    """A body that is neither JSON nor a form upload is refused rather than read as empty."""
    if (request.method in ("POST", "PUT", "PATCH") and request.content_length
            and not (request.is_json or request.mimetype in FORM_TYPES)):
        return error_response(415, error="unsupported_media_type",
                              message="Send the body as application/json.")
    return None


def register_error_handlers(app) -> None:
    app.before_request(refuse_non_json_bodies)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ServiceError, handle_service_error)
    app.register_error_handler(ConcurrencyConflict, handle_conflict)
    app.register_error_handler(IntegrityConflict, handle_conflict)
