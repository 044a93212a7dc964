"""Who may see a user's public pages."""

from ownverso.domain.identity.user import User
from ownverso.domain.identity.values import UserStatus


def profile_visible_to(user: User, *, viewer_id: str | None, viewer_is_admin: bool) -> bool:
    """Admins see everyone; banned and deleted users are hidden from everyone else; a user who
    made their profile private is visible only to themselves."""
    if viewer_is_admin:
        return True
    if user.status in (UserStatus.BANNED, UserStatus.DELETED):
        return False
    return user.preferences.get("profile_public", True) or viewer_id == user.id
