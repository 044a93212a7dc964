"""A site's collaborators: invite, list, read, change role, remove, resend the invitation."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import actor
from ownverso.entrypoints.api.sites.blueprint import blp
from ownverso.entrypoints.api.sites.collaborators_schemas import (
    CollaboratorQuerySchema,
    CollaboratorSchema,
    InviteInSchema,
    RoleInSchema,
)
from ownverso.services.sites.collaborators import CollaboratorService

SERVICE = Provide["collaborators"]


@blp.route("/<site_id>/collaborators")
class Collaborators(MethodView):
    @blp.login_required
    @blp.arguments(CollaboratorQuerySchema, location="query")
    @blp.response(200, CollaboratorSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, query, site_id: str, pagination_parameters,
            collaborators: CollaboratorService = SERVICE):
        """The site's team: pending invitations and active collaborators"""
        page = pagination_parameters
        items, page.item_count = collaborators.list_collaborators(
            actor=actor(), site_id=site_id, status=query.get("status"),
            offset=page.first_item, limit=page.page_size)
        return items

    @blp.login_required
    @blp.arguments(InviteInSchema)
    @blp.response(201, CollaboratorSchema)
    @inject
    def post(self, body, site_id: str, collaborators: CollaboratorService = SERVICE):
        """Invite someone by email (only the owner invites a MANAGER)"""
        return collaborators.invite(actor=actor(), site_id=site_id, **body)


@blp.route("/<site_id>/collaborators/<collaborator_id>")
class Collaborator(MethodView):
    @blp.login_required
    @blp.response(200, CollaboratorSchema)
    @inject
    def get(self, site_id: str, collaborator_id: str,
            collaborators: CollaboratorService = SERVICE):
        """One collaborator or invitation"""
        return collaborators.get(actor=actor(), site_id=site_id,
                                 collaborator_id=collaborator_id)

    @blp.login_required
    @blp.arguments(RoleInSchema)
    @blp.response(200, CollaboratorSchema)
    @inject
    def patch(self, body, site_id: str, collaborator_id: str,
              collaborators: CollaboratorService = SERVICE):
        """Change a collaborator's role (never one's own; MANAGER is the owner's to give)"""
        return collaborators.change_role(actor=actor(), site_id=site_id,
                                         collaborator_id=collaborator_id, role=body["role"])

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, site_id: str, collaborator_id: str,
               collaborators: CollaboratorService = SERVICE):
        """Remove a collaborator or withdraw an invitation; on one's own row, leave the site"""
        collaborators.remove(actor=actor(), site_id=site_id, collaborator_id=collaborator_id)


@blp.route("/<site_id>/collaborators/<collaborator_id>/resend-invite")
class ResendInvite(MethodView):
    @blp.login_required
    @blp.response(200, CollaboratorSchema)
    @inject
    def post(self, site_id: str, collaborator_id: str,
             collaborators: CollaboratorService = SERVICE):
        """Send a pending invitation again, with a new link valid 7 days"""
        return collaborators.resend(actor=actor(), site_id=site_id,
                                    collaborator_id=collaborator_id)
