"""The signed-in user's profile, avatar, preferences, usage and tier; public profiles."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.common.smorest import Blueprint, actor, optional_actor
from ownverso.entrypoints.api.users.schemas import (
    AvatarUploadSchema,
    PreferencesSchema,
    PublicUserSchema,
    TierSchema,
    UsageSchema,
    UserSchema,
    UserUpdateSchema,
)
from ownverso.services.accounts import AccountService

blp = Blueprint("users", __name__, url_prefix="/users", description="Users and their profiles")

from ownverso.entrypoints.api.users import connected_accounts  # noqa: E402,F401


@blp.route("/me")
class Me(MethodView):
    @blp.login_required
    @blp.response(200, UserSchema)
    @inject
    def get(self, accounts: AccountService = Provide["accounts"]):
        """The signed-in user's full profile"""
        return accounts.me(actor=actor())

    @blp.login_required
    @blp.arguments(UserUpdateSchema)
    @blp.response(200, UserSchema)
    @inject
    def patch(self, body, accounts: AccountService = Provide["accounts"]):
        """Update the profile"""
        return accounts.update_me(actor=actor(), changes=body)


@blp.route("/me/avatar")
class Avatar(MethodView):
    @blp.login_required
    @blp.arguments(AvatarUploadSchema, location="files")
    @blp.response(200, UserSchema)
    @inject
    def post(self, files, accounts: AccountService = Provide["accounts"]):
        """Upload an avatar (multipart field `file`); it is cropped square and re-encoded"""
        return accounts.set_avatar(actor=actor(), data=files["file"].read())

    @blp.login_required
    @blp.response(200, UserSchema)
    @inject
    def delete(self, accounts: AccountService = Provide["accounts"]):
        """Remove the avatar"""
        return accounts.remove_avatar(actor=actor())


@blp.route("/me/preferences")
class Preferences(MethodView):
    @blp.login_required
    @blp.response(200, PreferencesSchema)
    @inject
    def get(self, accounts: AccountService = Provide["accounts"]):
        """Reading and notification preferences, defaults filled in"""
        return accounts.preferences(actor=actor())

    @blp.login_required
    @blp.arguments(PreferencesSchema)
    @blp.response(200, PreferencesSchema)
    @inject
    def patch(self, body, accounts: AccountService = Provide["accounts"]):
        """Change some preferences; unknown keys and wrong types are refused"""
        return accounts.update_preferences(actor=actor(), changes=body)


@blp.route("/me/usage")
class Usage(MethodView):
    @blp.login_required
    @blp.response(200, UsageSchema)
    @inject
    def get(self, accounts: AccountService = Provide["accounts"]):
        """What the user has used of each limit of their platform tier"""
        return accounts.usage(actor=actor())


@blp.route("/me/tier")
class Tier(MethodView):
    @blp.login_required
    @blp.response(200, TierSchema)
    @inject
    def get(self, accounts: AccountService = Provide["accounts"]):
        """The platform tier, its status and its limits"""
        user, limits = accounts.tier(actor=actor())
        return {"tier": user.platform_tier, "status": user.platform_tier_status,
                "billing_cycle": user.platform_billing_cycle,
                "started_at": user.platform_tier_started_at,
                "expires_at": user.platform_tier_expires_at, "limits": limits}


@blp.route("/<username>")
class PublicProfile(MethodView):
    @blp.login_optional
    @blp.response(200, PublicUserSchema)
    @inject
    def get(self, username: str, accounts: AccountService = Provide["accounts"]):
        """A user's public profile (private and banned ones: only to themselves and admins)"""
        user, author = accounts.public_profile(username=username, viewer=optional_actor())
        return {"id": user.id, "username": user.username, "display_name": user.display_name,
                "avatar_url": user.avatar_url, "bio": user.bio, "role": user.role,
                "created_at": user.created_at, "is_author": author is not None}
