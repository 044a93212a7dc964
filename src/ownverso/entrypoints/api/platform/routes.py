"""Liveness and the status of the platform's dependencies."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint
from ownverso.entrypoints.api.platform.schemas import HealthSchema, StatusSchema
from ownverso.services.status import StatusService

blp = Blueprint("platform", __name__, url_prefix="", description="Health and status")


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    def get(self):
        """The API process is up (no dependency is checked)"""
        return {"status": "ok"}


@blp.route("/status")
class Status(MethodView):
    @blp.response(200, StatusSchema)
    @blp.alt_response(503, schema=StatusSchema, description="A dependency is down")
    @inject
    def get(self, status: StatusService = Provide["status"]):
        """Database, Redis and job queue, each with its state"""
        report = status.status()
        return report, 200 if report["status"] == "ok" else 503
