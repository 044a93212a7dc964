"""What the caller's files take, and what their plan allows."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.media.blueprint import blp
from ownverso.entrypoints.api.media.usage_schemas import (
    BreakdownSchema,
    LimitsSchema,
    MeterSchema,
    StorageSchema,
)
from ownverso.services.media.usage import MediaUsageService

USAGE = Provide["media_usage"]


@blp.route("/storage")
class MediaStorage(MethodView):
    @blp.login_required
    @blp.response(200, StorageSchema)
    @inject
    def get(self, usage: MediaUsageService = USAGE):
        """Storage used (originals and variants) against the plan's limit"""
        return usage.storage(actor=actor())


@blp.route("/storage/breakdown")
class MediaStorageBreakdown(MethodView):
    @blp.login_required
    @blp.response(200, BreakdownSchema)
    @inject
    def get(self, usage: MediaUsageService = USAGE):
        """Storage by kind of file and by site"""
        return usage.breakdown(actor=actor())


@blp.route("/bandwidth")
class MediaBandwidth(MethodView):
    @blp.login_required
    @blp.response(200, MeterSchema)
    @inject
    def get(self, usage: MediaUsageService = USAGE):
        """Bandwidth used by downloads and streams against the plan's limit"""
        return usage.bandwidth(actor=actor())


@blp.route("/limits")
class MediaLimits(MethodView):
    @blp.login_required
    @blp.response(200, LimitsSchema)
    @inject
    def get(self, usage: MediaUsageService = USAGE):
        """The plan's storage and bandwidth limits, the largest file and the types accepted"""
        return usage.limits(actor=actor())
