"""The Flask application factory."""

import logging
import time
import uuid

from flask import Flask, g, request

from ownverso.container import Container, build_container
from ownverso.entrypoints.api.common.errors import register_error_handlers
from ownverso.entrypoints.api.common.smorest import Api
from ownverso.entrypoints.api.registry import register_blueprints
from ownverso.entrypoints.bootstrap import wire
from ownverso.entrypoints.files import files
from ownverso.entrypoints.logs import configure_logging
from ownverso.entrypoints.upload_route import uploads

log = logging.getLogger("ownverso.access")
REQUEST_ID = "X-Request-ID"


def create_app(container: Container | None = None, **overrides) -> Flask:
    """Build the app on ``container``, or on one built from settings and ``overrides``.

    ``create_app(env="test")`` runs entirely on the in-memory suite.
    """
    container = container or build_container(**overrides)
    settings = container.settings()
    configure_logging(level=settings.log_level, json_lines=settings.log_json)
    app = Flask("ownverso")
    app.container = container
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=max(settings.max_avatar_bytes * 2, 8 * 1024 * 1024),
        API_TITLE="Ownverso API", API_VERSION="v1", OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api", OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
        API_SPEC_OPTIONS={"info": {"description": "Serialized fiction, owned by its authors."}},
        JSON_SORT_KEYS=False,
    )
    _request_ids(app)
    api = Api(app)
    app.extensions["ownverso-api"] = api
    register_error_handlers(app)
    register_blueprints(api)
    app.register_blueprint(files)
    app.register_blueprint(uploads)
    wire(container)
    return app


def _request_ids(app: Flask) -> None:
    @app.before_request
    def assign_request_id():
        incoming = request.headers.get(REQUEST_ID, "")
        g.request_id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def expose_request_id(response):
        response.headers[REQUEST_ID] = g.get("request_id", "")
        if request.path.startswith("/api/"):
            elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
            log.info("%s %s %s", request.method, request.path, response.status_code,
                     extra={"status": response.status_code, "method": request.method,
                            "path": request.path, "duration_ms": round(elapsed, 2)})
        return response
