"""The signed-in user's author profile: becoming an author and editing the public face."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.authors.schemas import AuthorProfileInSchema, AuthorProfileSchema
from ownverso.entrypoints.api.common.smorest import Blueprint, actor
from ownverso.services.accounts import AccountService

blp = Blueprint("author-profile", __name__, url_prefix="/author-profile",
                description="The signed-in author's profile")


@blp.route("")
class AuthorProfile(MethodView):
    @blp.login_required
    @blp.response(200, AuthorProfileSchema)
    @inject
    def get(self, accounts: AccountService = Provide["accounts"]):
        """The own author profile"""
        return accounts.author_profile(actor=actor())

    @blp.login_required
    @blp.arguments(AuthorProfileInSchema)
    @blp.response(201, AuthorProfileSchema)
    @inject
    def post(self, body, accounts: AccountService = Provide["accounts"]):
        """Become an author: create the author profile"""
        return accounts.become_author(actor=actor(), fields=body)

    @blp.login_required
    @blp.arguments(AuthorProfileInSchema)
    @blp.response(200, AuthorProfileSchema)
    @inject
    def patch(self, body, accounts: AccountService = Provide["accounts"]):
        """Update the author profile"""
        return accounts.update_author_profile(actor=actor(), changes=body)
