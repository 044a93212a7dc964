"""/admin/webhook-events: stored incoming webhook events, their payloads, and replaying
them."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.entrypoints.api.webhooks.schemas import (
    WebhookEventArgsSchema,
    WebhookEventDetailSchema,
    WebhookEventSchema,
)
from ownverso.services.payments.webhook_processing import WebhookEventAdmin

ADMIN = Provide["webhook_events_admin"]
blp = Blueprint("admin-webhook-events", __name__, url_prefix="/admin/webhook-events",
                description="Incoming webhook events for administrators")


@blp.route("")
class AllWebhookEvents(MethodView):
    @blp.login_required
    @blp.arguments(WebhookEventArgsSchema, location="query")
    @blp.response(200, WebhookEventSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, args, pagination_parameters, events: WebhookEventAdmin = ADMIN):
        """Events, newest first (filters: gateway, status, author_id)"""
        page = pagination_parameters
        items, page.item_count = events.list(actor=actor(), offset=page.first_item,
                                             limit=page.page_size, **args)
        return items


@blp.route("/<event_id>")
class OneWebhookEvent(MethodView):
    @blp.login_required
    @blp.response(200, WebhookEventDetailSchema)
    @inject
    def get(self, event_id: str, events: WebhookEventAdmin = ADMIN):
        """One event with its raw payload (404 webhook_event_not_found)"""
        return events.get(actor=actor(), event_id=event_id)


@blp.route("/<event_id>/replay")
class ReplayWebhookEvent(MethodView):
    @blp.login_required
    @blp.response(200, WebhookEventDetailSchema)
    @inject
    def post(self, event_id: str, events: WebhookEventAdmin = ADMIN):
        """Process the event again, attempts kept (DEAD_LETTER, FAILED, IGNORED, PROCESSED;
        409 webhook_event_processing while a worker has it)"""
        return events.replay(actor=actor(), event_id=event_id)
