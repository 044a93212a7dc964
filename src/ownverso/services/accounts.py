"""Profiles, preferences, avatars, usage and tier, author profiles, public pages."""

from collections.abc import Callable
from dataclasses import dataclass

from ownverso.domain.accounts.author_profile import AuthorProfile
from ownverso.domain.accounts.preferences import DEFAULTS, merge_preferences
from ownverso.domain.accounts.profile import update_profile
from ownverso.domain.accounts.tiers import TierLimits, remaining
from ownverso.domain.accounts.visibility import profile_visible_to
from ownverso.domain.errors import DomainError
from ownverso.domain.identity.user import User
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, ValidationFailed
from ownverso.services.identity.secrets import new_token
from ownverso.services.images import square_thumbnail
from ownverso.services.ports import Clock, FileStorage, IdGenerator, IntegrityConflict, UnitOfWork

AVATAR_SIZE = 512
USAGE = (  # (name, user counter, tier limit)
    ("series", "series_count", "max_series"),
    ("total_chapters", "total_chapter_count", "max_total_chapters"),
    ("subscribers", "active_subscriber_count", "max_subscribers"),
    ("storage_bytes", "storage_used_bytes", "storage_limit"),
    ("bandwidth_bytes", "bandwidth_used_bytes", "bandwidth_limit"),
    ("email_broadcasts", "email_broadcasts_this_month", "email_broadcasts_per_month"),
    ("ai_translation_words", "ai_translation_words_used", "translation_words_per_month"),
    ("ai_writing_tokens", "ai_writing_tokens_used", "writing_tokens_per_month"),
    ("ai_cover_generations", "ai_cover_generations_used", "cover_generations_per_month"),
)


@dataclass(frozen=True)
class AuthorPage:
    user: User
    profile: AuthorProfile


def invalid(error: DomainError) -> ValidationFailed:
    return ValidationFailed(error.message, code=error.code, fields=error.fields)


class AccountService:
    def __init__(self, *, uow: Callable[[], UnitOfWork], clock: Clock, ids: IdGenerator,
                 storage: FileStorage, max_avatar_bytes: int):
        self.uow, self.clock, self.ids, self.storage = uow, clock, ids, storage
        self.max_avatar_bytes = max_avatar_bytes

    # -- own profile ------------------------------------------------------------------------
    def me(self, *, actor: Actor) -> User:
        with self.uow() as uow:
            return uow.users.get(actor.user_id)

    def update_me(self, *, actor: Actor, changes: dict) -> User:
        with self.uow() as uow:
            user = uow.users.get(actor.user_id)
            try:
                update_profile(user, dict(changes), now=self.clock.now())
            except DomainError as error:
                raise invalid(error) from None
            try:  # on SQL the lookup autoflushes the new name: a clash can surface there too
                if "username" in changes and uow.users.get_by(username=user.username,
                                                              id__ne=user.id):
                    raise IntegrityConflict("username taken")
                uow.commit()
            except IntegrityConflict:
                raise Conflict("This username is taken.", code="username_taken",
                               fields={"username": ["Taken."]}) from None
            return user

    def set_avatar(self, *, actor: Actor, data: bytes) -> User:
        image = square_thumbnail(data, max_bytes=self.max_avatar_bytes, size=AVATAR_SIZE,
                                 field="file")
        key = f"avatars/{actor.user_id}/{new_token(9)}.webp"
        stored = self.storage.save(key, image, content_type="image/webp")
        with self.uow() as uow:
            user = uow.users.get(actor.user_id)
            old_key = user.avatar_key
            user.avatar_key, user.avatar_url = key, stored.url
            user.updated_at = self.clock.now()
            if old_key:
                uow.after_commit(lambda: self.storage.delete(old_key))
            try:
                uow.commit()
            except Exception:
                self.storage.delete(key)  # nobody points at the new file
                raise
            return user

    def remove_avatar(self, *, actor: Actor) -> User:
        with self.uow() as uow:
            user = uow.users.get(actor.user_id)
            old_key = user.avatar_key
            user.avatar_key = user.avatar_url = None
            user.updated_at = self.clock.now()
            if old_key:
                uow.after_commit(lambda: self.storage.delete(old_key))
            uow.commit()
            return user

    def preferences(self, *, actor: Actor) -> dict:
        with self.uow() as uow:
            return {**DEFAULTS, **uow.users.get(actor.user_id).preferences}

    def update_preferences(self, *, actor: Actor, changes: dict) -> dict:
        with self.uow() as uow:
            user = uow.users.get(actor.user_id)
            try:
                user.preferences = merge_preferences(user.preferences, changes)
            except DomainError as error:
                raise invalid(error) from None
            user.updated_at = self.clock.now()
            uow.commit()
            return dict(user.preferences)

    # -- tier and usage ---------------------------------------------------------------------
    def _limits(self, uow: UnitOfWork, user: User) -> TierLimits:
        limits = uow.tier_limits.get_by(tier=user.platform_tier)
        if limits is None:
            raise NotFound("The tier limits are not set up; run `ownverso db upgrade`.",
                           code="tier_limits_missing")
        return limits

    def tier(self, *, actor: Actor) -> tuple[User, TierLimits]:
        with self.uow() as uow:
            user = uow.users.get(actor.user_id)
            return user, self._limits(uow, user)

    def usage(self, *, actor: Actor) -> dict:
        with self.uow() as uow:
            user = uow.users.get(actor.user_id)
            limits = self._limits(uow, user)
        usage = {}
        for name, counter, limit_name in USAGE:
            used, limit = getattr(user, counter), getattr(limits, limit_name)
            usage[name] = {"used": used, "limit": None if limit in (None, -1) else limit,
                           "remaining": remaining(limit, used)}
        return {"tier": user.platform_tier, "usage": usage}

    # -- public pages -----------------------------------------------------------------------
    @staticmethod
    def _public(user: User | None, viewer: Actor | None) -> User:
        """Hidden users answer exactly like missing ones."""
        if user is None or not profile_visible_to(
                user, viewer_id=viewer.user_id if viewer else None,
                viewer_is_admin=bool(viewer and viewer.is_admin)):
            raise NotFound("No such user.", code="user_not_found")
        return user

    def public_profile(self, *, username: str,
                       viewer: Actor | None = None) -> tuple[User, AuthorProfile | None]:
        with self.uow() as uow:
            user = self._public(uow.users.get_by(username=username.lower()), viewer)
            return user, uow.author_profiles.get_by(user_id=user.id)

    def public_author(self, *, user_id: str, viewer: Actor | None = None) -> AuthorPage:
        with self.uow() as uow:
            user = self._public(uow.users.get(user_id), viewer)
            profile = uow.author_profiles.get_by(user_id=user.id)
            if profile is None:
                raise NotFound("This user is not an author.", code="author_not_found")
            return AuthorPage(user=user, profile=profile)

    # -- author profile ---------------------------------------------------------------------
    def author_profile(self, *, actor: Actor) -> AuthorProfile:
        with self.uow() as uow:
            profile = uow.author_profiles.get_by(user_id=actor.user_id)
            if profile is None:
                raise NotFound("You have no author profile yet; create one to become an author.",
                               code="author_profile_not_found")
            return profile

    def become_author(self, *, actor: Actor, fields: dict) -> AuthorProfile:
        now = self.clock.now()
        with self.uow() as uow:
            if uow.author_profiles.get_by(user_id=actor.user_id):
                raise Conflict("You already have an author profile.", code="already_author")
            user = uow.users.get(actor.user_id)
            profile = AuthorProfile(id=self.ids.new_id("aut"), user_id=user.id,
                                    created_at=now, updated_at=now)
            try:
                profile.update(fields, now=now)
            except DomainError as error:
                raise invalid(error) from None
            user.become_author(now=now)
            uow.author_profiles.add(profile)
            try:
                uow.commit()
            except IntegrityConflict:
                raise Conflict("You already have an author profile.",
                               code="already_author") from None
            return profile

    def update_author_profile(self, *, actor: Actor, changes: dict) -> AuthorProfile:
        with self.uow() as uow:
            profile = uow.author_profiles.get_by(user_id=actor.user_id)
            if profile is None:
                raise NotFound("You have no author profile yet.", code="author_profile_not_found")
            try:
                profile.update(changes, now=self.clock.now())
            except DomainError as error:
                raise invalid(error) from None
            uow.commit()
            return profile
