"""A site's settings (comments, content defaults, SEO) and analytics integrations."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.sites.blueprint import blp
from ownverso.entrypoints.api.sites.settings_schemas import (
    CommentSettingsSchema,
    ContentSettingsSchema,
    IntegrationsInSchema,
    IntegrationsSchema,
    IntegrationsVerificationSchema,
    SettingsSchema,
)
from ownverso.services.sites.settings import SiteSettingsService

Service = SiteSettingsService


@blp.route("/<site_id>/settings")
class Settings(MethodView):
    @blp.login_required
    @blp.response(200, SettingsSchema)
    @inject
    def get(self, site_id: str, service: Service = Provide["site_settings"]):
        """All settings of a site"""
        return service.settings(actor=actor(), site_id=site_id)

    @blp.login_required
    @blp.arguments(SettingsSchema)
    @blp.response(200, SettingsSchema)
    @inject
    def patch(self, body, site_id: str, service: Service = Provide["site_settings"]):
        """Change some settings (any group)"""
        return service.update_settings(actor=actor(), site_id=site_id, changes=body)


@blp.route("/<site_id>/settings/comments")
class CommentSettings(MethodView):
    @blp.login_required
    @blp.arguments(CommentSettingsSchema)
    @blp.response(200, SettingsSchema)
    @inject
    def patch(self, body, site_id: str, service: Service = Provide["site_settings"]):
        """Comment settings: enabled, moderation mode (pre, post, none), anonymous comments"""
        return service.update_comments(actor=actor(), site_id=site_id, changes=body)


@blp.route("/<site_id>/settings/content")
class ContentSettings(MethodView):
    @blp.login_required
    @blp.arguments(ContentSettingsSchema)
    @blp.response(200, SettingsSchema)
    @inject
    def patch(self, body, site_id: str, service: Service = Provide["site_settings"]):
        """Content settings: default content rating and language"""
        return service.update_content(actor=actor(), site_id=site_id, changes=body)


@blp.route("/<site_id>/integrations")
class Integrations(MethodView):
    @blp.login_required
    @blp.response(200, IntegrationsSchema)
    @inject
    def get(self, site_id: str, service: Service = Provide["site_settings"]):
        """Analytics integrations"""
        return service.integrations(actor=actor(), site_id=site_id)

    @blp.login_required
    @blp.arguments(IntegrationsInSchema)
    @blp.response(200, IntegrationsSchema)
    @inject
    def patch(self, body, site_id: str, service: Service = Provide["site_settings"]):
        """Set analytics ids (checked by format) and a tracking snippet (no scripts)"""
        return service.update_integrations(actor=actor(), site_id=site_id, changes=body)


@blp.route("/<site_id>/integrations/verify")
class VerifyIntegrations(MethodView):
    @blp.login_required
    @blp.response(200, IntegrationsVerificationSchema)
    @inject
    def post(self, site_id: str, service: Service = Provide["site_settings"]):
        """Check each integration and record when it was done"""
        return service.verify_integrations(actor=actor(), site_id=site_id)
