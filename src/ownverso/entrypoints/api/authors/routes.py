"""Public author pages."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.authors.schemas import PublicAuthorSchema
from ownverso.entrypoints.api.common.smorest import Blueprint, optional_actor
from ownverso.entrypoints.api.sites.schemas import PublicSiteSummarySchema
from ownverso.services.accounts import AccountService
from ownverso.services.sites.sites import SiteService

blp = Blueprint("authors", __name__, url_prefix="/authors", description="Public author pages")


@blp.route("/<user_id>")
class Author(MethodView):
    @blp.login_optional
    @blp.response(200, PublicAuthorSchema)
    @inject
    def get(self, user_id: str, accounts: AccountService = Provide["accounts"]):
        """An author's public profile"""
        page = accounts.public_author(user_id=user_id, viewer=optional_actor())
        user, profile = page.user, page.profile
        return {"user_id": user.id, "username": user.username, "display_name": user.display_name,
                "avatar_url": user.avatar_url, "profile": profile,
                "email": user.email if profile.show_email else None}


@blp.route("/<user_id>/sites")
class AuthorSites(MethodView):
    @blp.response(200, PublicSiteSummarySchema(many=True))
    @blp.paginate()
    @inject
    def get(self, user_id: str, pagination_parameters, sites: SiteService = Provide["sites"]):
        """An author's public sites"""
        page = pagination_parameters
        found, page.item_count = sites.public_sites_of(user_id=user_id, offset=page.first_item,
                                                       limit=page.page_size)
        return found
