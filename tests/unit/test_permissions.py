"""The permission matrix, and ``access.require``: the one policy of every site-scoped use case."""

from datetime import timedelta

import pytest

from ownverso.container import build_container
from ownverso.domain.identity.values import UserRole
from ownverso.domain.sites.collaborator import INVITE_LIFETIME, Collaborator
from ownverso.domain.sites.permissions import (
    MATRIX,
    OWNER,
    Permission,
    allowed,
    permissions_of,
)
from ownverso.domain.sites.site import Site
from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus, SiteStatus
from ownverso.services.context import Actor
from ownverso.services.errors import NotFound, PermissionDenied
from ownverso.services.sites.access import ADMIN, SiteGrant, require, role_on
from tests.factories.identity import BASE_TIME, UserFactory

P = Permission
CONTENT_WRITES = {P.CONTENT_WRITE, P.CONTENT_PUBLISH, P.CONTENT_DELETE}
MONEY = {P.BILLING_MANAGE, P.MONETIZATION_MANAGE, P.PAYOUTS_MANAGE}
ROLES = [OWNER, *CollaboratorRole]


# -- the matrix ---------------------------------------------------------------------------
def test_the_owner_may_do_everything():
    assert MATRIX[OWNER] == frozenset(Permission)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_read_the_site_its_content_and_media(role):
    assert all(allowed(role, p) for p in (P.SITE_READ, P.CONTENT_READ, P.MEDIA_READ))


def test_a_manager_does_everything_but_delete_the_site_or_change_payouts():
    assert MATRIX[CollaboratorRole.MANAGER] == frozenset(Permission) - {P.SITE_DELETE,
                                                                          P.PAYOUTS_MANAGE}


def test_an_analyst_reads_and_sees_analytics_but_never_writes():
    assert MATRIX[CollaboratorRole.ANALYST] == {P.SITE_READ, P.CONTENT_READ, P.MEDIA_READ,
                                                P.ANALYTICS_READ}
    for permission in CONTENT_WRITES | {P.TRANSLATIONS_WRITE, P.MEDIA_WRITE, P.SITE_UPDATE}:
        assert not allowed(CollaboratorRole.ANALYST, permission)


def test_an_editor_writes_and_publishes_content_and_media():
    for permission in CONTENT_WRITES | {P.MEDIA_WRITE, P.TRANSLATIONS_WRITE}:
        assert allowed(CollaboratorRole.EDITOR, permission)


@pytest.mark.parametrize("permission", sorted(MONEY | {
    P.COLLABORATORS_MANAGE, P.SITE_DELETE, P.SITE_UPDATE, P.DOMAIN_MANAGE, P.ANALYTICS_READ}))
def test_an_editor_cannot_touch_billing_money_team_settings_or_deletion(permission):
    assert not allowed(CollaboratorRole.EDITOR, permission)


def test_a_translator_only_writes_translations():
    assert MATRIX[CollaboratorRole.TRANSLATOR] == {P.SITE_READ, P.CONTENT_READ, P.MEDIA_READ,
                                                   P.TRANSLATIONS_WRITE}


@pytest.mark.parametrize("role", list(CollaboratorRole))
def test_no_collaborator_deletes_the_site_or_changes_payouts(role):
    assert not allowed(role, P.SITE_DELETE)
    assert not allowed(role, P.PAYOUTS_MANAGE)


@pytest.mark.parametrize("role", [r for r in CollaboratorRole if r != CollaboratorRole.MANAGER])
def test_only_owner_and_manager_manage_the_team_money_and_billing(role):
    for permission in MONEY | {P.COLLABORATORS_MANAGE}:
        assert not allowed(role, permission)
    assert allowed(CollaboratorRole.MANAGER, P.COLLABORATORS_MANAGE)
    assert allowed(CollaboratorRole.MANAGER, P.MONETIZATION_MANAGE)
    assert allowed(CollaboratorRole.MANAGER, P.BILLING_MANAGE)


def test_roles_are_strictly_ordered_by_what_they_may_do():
    m = MATRIX
    assert (m[CollaboratorRole.TRANSLATOR] < m[CollaboratorRole.EDITOR]
            < m[CollaboratorRole.MANAGER] < m[OWNER])
    assert m[CollaboratorRole.ANALYST] < m[CollaboratorRole.MANAGER]


def test_an_unknown_role_may_do_nothing():
    assert not any(allowed("VISITOR", p) for p in Permission)
    assert permissions_of("VISITOR") == []


def test_permissions_of_lists_the_role_s_permission_names_sorted():
    assert permissions_of(CollaboratorRole.TRANSLATOR) == [
        "content.read", "media.read", "site.read", "translations.write"]


def test_a_grant_as_admin_may_do_everything():
    site = Site(id="s", author_id="u", slug="abc", name="x", created_at=BASE_TIME,
                updated_at=BASE_TIME)
    assert all(SiteGrant(site=site, role=ADMIN).can(p) for p in Permission)


# -- access.require -------------------------------------------------------------------------
@pytest.fixture
def container():
    return build_container(env="test")


@pytest.fixture
def people(container):
    """owner, editor, analyst, stranger and admin users; the owner has one site."""
    users = {name: UserFactory(username=name) for name in
             ("owner", "editor", "analyst", "stranger", "invitee")}
    users["admin"] = UserFactory(username="admin", role=UserRole.ADMIN)
    with container.uow() as uow:
        for user in users.values():
            uow.users.add(user)
        uow.commit()
    return users


def actor_of(user) -> Actor:
    return Actor(user_id=user.id, session_id="ses_x", role=user.role)


@pytest.fixture
def site(container, people):
    site = Site(id="site_1", author_id=people["owner"].id, slug="lighthouse", name="Lighthouse",
                created_at=BASE_TIME, updated_at=BASE_TIME)
    with container.uow() as uow:
        uow.sites.add(site)
        for n, (name, role) in enumerate([("editor", CollaboratorRole.EDITOR),
                                          ("analyst", CollaboratorRole.ANALYST)]):
            uow.collaborators.add(member(f"col_{n}", site.id, people[name], role,
                                         status=CollaboratorStatus.ACTIVE))
        uow.commit()
    return site


def member(id_, site_id, user, role, *, status, email=None) -> Collaborator:
    return Collaborator(id=id_, site_id=site_id, role=role, user_id=user.id,
                        invite_email=email or user.email, invited_by_id="usr_none",
                        invited_at=BASE_TIME, expires_at=BASE_TIME + INVITE_LIFETIME,
                        created_at=BASE_TIME, updated_at=BASE_TIME, status=status)


def check(container, who, permission, site_id="site_1", **kwargs) -> SiteGrant:
    with container.uow() as uow:
        return require(uow, actor_of(who), site_id, permission, **kwargs)


def test_the_owner_passes_every_permission(container, people, site):
    for permission in Permission:
        grant = check(container, people["owner"], permission)
        assert grant.role == OWNER and grant.site.id == site.id


def test_a_collaborator_passes_with_their_role_s_permission(container, people, site):
    grant = check(container, people["editor"], P.CONTENT_PUBLISH)

    assert grant.role == CollaboratorRole.EDITOR


def test_a_role_without_the_permission_is_refused_naming_it(container, people, site):
    with pytest.raises(PermissionDenied) as refused:
        check(container, people["analyst"], P.CONTENT_WRITE)

    assert refused.value.code == "missing_permission"
    assert refused.value.fields == {"permission": ["content.write"]}


def test_someone_with_no_role_gets_not_found_not_forbidden(container, people, site):
    for permission in (P.SITE_READ, P.CONTENT_WRITE):
        with pytest.raises(NotFound) as missing:
            check(container, people["stranger"], permission)
        assert missing.value.code == "site_not_found"


def test_an_unknown_or_empty_site_id_is_not_found(container, people, site):
    for site_id in ("site_nope", ""):
        with pytest.raises(NotFound) as missing:
            check(container, people["owner"], P.SITE_READ, site_id=site_id)
        assert missing.value.code == "site_not_found"


@pytest.mark.parametrize("status", [CollaboratorStatus.PENDING, CollaboratorStatus.DECLINED,
                                    CollaboratorStatus.REMOVED])
def test_pending_declined_and_removed_collaborators_have_no_role(container, people, site,
                                                                  status):
    with container.uow() as uow:
        uow.collaborators.add(member("col_x", site.id, people["invitee"],
                                     CollaboratorRole.MANAGER, status=status))
        uow.commit()
        assert role_on(uow, actor_of(people["invitee"]), uow.sites.get(site.id)) is None

    with pytest.raises(NotFound):
        check(container, people["invitee"], P.SITE_READ)


def test_a_collaboration_on_another_site_gives_no_role_here(container, people, site):
    other = Site(id="site_2", author_id=people["stranger"].id, slug="other-site", name="Other",
                 created_at=BASE_TIME, updated_at=BASE_TIME)
    with container.uow() as uow:
        uow.sites.add(other)
        uow.commit()

    with pytest.raises(NotFound):
        check(container, people["editor"], P.SITE_READ, site_id="site_2")


def test_an_anonymous_caller_has_no_role(container, people, site):
    with container.uow() as uow:
        assert role_on(uow, None, uow.sites.get(site.id)) is None


def test_an_admin_passes_every_permission_on_any_site(container, people, site):
    for permission in Permission:
        assert check(container, people["admin"], permission).role == ADMIN


def _delete(container, site):
    with container.uow() as uow:
        uow.sites.get(site.id).change_status(SiteStatus.DELETED, now=BASE_TIME + timedelta(1))
        uow.commit()


def test_a_deleted_site_is_hidden_from_its_collaborators_and_even_its_owner(container, people,
                                                                           site):
    _delete(container, site)

    for who in ("editor", "owner"):
        with pytest.raises(NotFound):
            check(container, people[who], P.SITE_READ)


def test_a_deleted_site_exists_for_its_owner_and_admins_where_deleted_ok(container, people,
                                                                        site):
    _delete(container, site)

    assert check(container, people["owner"], P.SITE_DELETE, deleted_ok=True).role == OWNER
    assert check(container, people["admin"], P.SITE_DELETE, deleted_ok=True).role == ADMIN
    with pytest.raises(NotFound):
        check(container, people["editor"], P.SITE_READ, deleted_ok=True)
