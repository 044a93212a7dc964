"""Which entity each unit-of-work repository holds; both persistence adapters build from it."""

from ownverso.domain.accounts.author_profile import AuthorProfile
from ownverso.domain.accounts.tiers import TierLimits
from ownverso.domain.identity.auth_account import AuthAccount
from ownverso.domain.identity.oauth_state import OAuthState
from ownverso.domain.identity.session import Session
from ownverso.domain.identity.tokens import VerificationToken
from ownverso.domain.identity.user import User
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.warnings import ContentWarning
from ownverso.domain.sites.collaborator import Collaborator
from ownverso.domain.sites.site import Site

REPOSITORIES: dict[str, type] = {
    "users": User,
    "sessions": Session,
    "verification_tokens": VerificationToken,
    "auth_accounts": AuthAccount,
    "oauth_states": OAuthState,
    "author_profiles": AuthorProfile,
    "tier_limits": TierLimits,
    # sites
    "sites": Site,
    "collaborators": Collaborator,
    # publishing
    "series": Series,
    "content_warnings": ContentWarning,
}

# Uniqueness rules, enforced by the SQL schema and mirrored by the in-memory store.
UNIQUE: dict[type, list[tuple[str, ...]]] = {
    User: [("email",), ("username",)],
    Session: [("refresh_token_hash",)],
    VerificationToken: [("token_hash",)],
    AuthAccount: [("provider", "provider_account_id")],
    OAuthState: [("state_hash",)],
    AuthorProfile: [("user_id",)],
    TierLimits: [("tier",)],
    Site: [("slug",), ("custom_domain",)],
    Collaborator: [("invite_token_hash",)],
    Series: [("site_id", "slug")],
    ContentWarning: [("slug",)],
}
