"""Invitations to join a site's team, seen from the invitee's side."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.collaborator_invites.schemas import InviteSchema
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.services.sites.invitations import InvitationService

blp = Blueprint("collaborator-invites", __name__, url_prefix="/collaborator-invites",
                description="Invitations to collaborate on a site: list, read, accept, decline")
SERVICE = Provide["collaborator_invites"]


@blp.route("")
class MyInvites(MethodView):
    @blp.login_required
    @blp.response(200, InviteSchema(many=True))
    @blp.paginate()
    @inject
    def get(self, pagination_parameters, invites: InvitationService = SERVICE):
        """My pending invitations, newest first"""
        page = pagination_parameters
        items, page.item_count = invites.mine(actor=actor(), offset=page.first_item,
                                              limit=page.page_size)
        return items


@blp.route("/<token>")
class Invite(MethodView):
    @blp.login_required
    @blp.response(200, InviteSchema)
    @inject
    def get(self, token: str, invites: InvitationService = SERVICE):
        """An invitation's details (to the invited address only)"""
        return invites.details(actor=actor(), token=token)


@blp.route("/<token>/accept")
class AcceptInvite(MethodView):
    @blp.login_required
    @blp.response(200, InviteSchema)
    @inject
    def post(self, token: str, invites: InvitationService = SERVICE):
        """Accept: join the site's team with the invited role"""
        return invites.accept(actor=actor(), token=token)


@blp.route("/<token>/decline")
class DeclineInvite(MethodView):
    @blp.login_required
    @blp.response(204)
    @inject
    def post(self, token: str, invites: InvitationService = SERVICE):
        """Decline the invitation"""
        invites.decline(actor=actor(), token=token)
