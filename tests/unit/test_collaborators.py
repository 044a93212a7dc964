"""Collaborators and invitations on the in-memory suite: every rule of the team of a site."""

from datetime import timedelta

import pytest

from ownverso.container import build_container
from ownverso.domain.identity.values import UserRole
from ownverso.domain.sites.collaborator import Collaborator
from ownverso.domain.sites.permissions import Permission
from ownverso.domain.sites.site import Site
from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus, SiteStatus
from ownverso.entrypoints.bootstrap import wire
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, PermissionDenied
from ownverso.services.identity.secrets import hash_token
from ownverso.services.sites.access import require
from tests.factories.identity import UserFactory
from tests.support.api import token_from

EDITOR, ANALYST, MANAGER, TRANSLATOR = (CollaboratorRole.EDITOR, CollaboratorRole.ANALYST,
                                        CollaboratorRole.MANAGER, CollaboratorRole.TRANSLATOR)
PENDING, ACTIVE = CollaboratorStatus.PENDING, CollaboratorStatus.ACTIVE
SITE = "site_1"


@pytest.fixture
def container():
    container = build_container(env="test")
    wire(container)  # the inline job queue sends the emails through the wired job
    return container


@pytest.fixture
def clock(container):
    return container.clock()


@pytest.fixture
def mailer(container):
    return container.mailer()


@pytest.fixture
def team(container):
    return container.collaborators()


@pytest.fixture
def invites(container):
    return container.collaborator_invites()


@pytest.fixture
def users(container):
    made = {name: UserFactory(username=name, display_name=name.title()) for name in
            ("owner", "manager", "editor", "bob", "carol", "stranger")}
    made["admin"] = UserFactory(username="admin", role=UserRole.ADMIN)
    made["unverified"] = UserFactory(username="unverified", pending=True)
    with container.uow() as uow:
        for user in made.values():
            uow.users.add(user)
        uow.commit()
    return made


def actor(user) -> Actor:
    return Actor(user_id=user.id, session_id="ses_test", role=user.role)


@pytest.fixture
def site(container, users, clock):
    """The owner's site, with an active MANAGER and an active EDITOR."""
    now = clock.now()
    with container.uow() as uow:
        uow.sites.add(Site(id=SITE, author_id=users["owner"].id, slug="lighthouse",
                           name="The Lighthouse", created_at=now, updated_at=now))
        uow.commit()
    for name, role in (("manager", MANAGER), ("editor", EDITOR)):
        join(container, users[name], role)
    return SITE


def invite(container, by, email, role, site_id=SITE):
    """Invite and return ``(view, token)``, the token read from the email sent."""
    view = container.collaborators().invite(actor=actor(by), site_id=site_id, email=email,
                                            role=role)
    return view, token_from(container.mailer().last_to(email).text)


def join(container, user, role, site_id=SITE):
    """``user`` invited by the site's owner and accepted: an active collaborator."""
    with container.uow() as uow:
        owner = uow.users.get(uow.sites.get(site_id).author_id)
    view, token = invite(container, owner, user.email, role, site_id)
    container.collaborator_invites().accept(actor=actor(user), token=token)
    return view.id


def stored(container, collaborator_id) -> Collaborator:
    with container.uow() as uow:
        return uow.collaborators.get(collaborator_id)


def can(container, user, permission=Permission.SITE_READ) -> bool:
    with container.uow() as uow:
        try:
            require(uow, actor(user), SITE, permission)
        except (NotFound, PermissionDenied):
            return False
        return True


def member_id(container, user) -> str:
    with container.uow() as uow:
        return uow.collaborators.get_by(site_id=SITE, user_id=user.id, status=ACTIVE).id


# -- inviting -------------------------------------------------------------------------------
def test_the_owner_invites_an_email_without_an_account(container, users, site, clock, mailer):
    view, token = invite(container, users["owner"], "New.Person@Example.com", EDITOR)

    row = stored(container, view.id)
    assert (row.status, row.role, row.invite_email, row.user_id) == (
        PENDING, EDITOR, "new.person@example.com", None)
    assert row.invite_token_hash == hash_token(token) and token not in row.invite_token_hash
    assert row.expires_at == clock.now() + timedelta(days=7)
    assert view.email == "new.person@example.com" and view.invited_by.username == "owner"
    assert "content.write" in view.permissions and not view.expired


def test_the_invitation_email_links_to_the_invite_with_its_token(container, users, site,
                                                                 mailer):
    _, token = invite(container, users["owner"], "new@example.com", ANALYST)

    message = mailer.last_to("new@example.com")
    assert message.headers["X-Ownverso-Template"] == "collaborator_invite"
    assert "The Lighthouse" in message.subject and "Owner" in message.subject
    assert f"/collaborator-invites/{token}?token={token}" in message.text
    assert "ANALYST" in message.text and "7 days" in message.text


def test_inviting_an_email_with_an_account_links_the_user(container, users, site):
    view, _ = invite(container, users["owner"], users["bob"].email.upper(), TRANSLATOR)

    assert stored(container, view.id).user_id == users["bob"].id
    assert view.user.username == "bob"


def test_inviting_the_owner_is_a_conflict(container, users, site, mailer):
    mailer.sent.clear()
    with pytest.raises(Conflict) as conflict:
        invite(container, users["manager"], users["owner"].email, EDITOR)

    assert conflict.value.code == "already_collaborator"
    assert mailer.sent == []


@pytest.mark.parametrize("who", ["editor", "bob"])
def test_inviting_an_active_or_already_invited_person_is_a_conflict(container, users, site,
                                                                    who):
    if who == "bob":
        invite(container, users["owner"], users["bob"].email, EDITOR)

    with pytest.raises(Conflict) as conflict:
        invite(container, users["owner"], users[who].email, ANALYST)

    assert conflict.value.code == "already_collaborator"


def test_an_active_collaborator_is_found_by_account_even_after_an_email_change(container, users,
                                                                             site):
    with container.uow() as uow:
        uow.users.get(users["editor"].id).email = "editor.new@example.com"
        uow.commit()

    with pytest.raises(Conflict):
        invite(container, users["owner"], "editor.new@example.com", ANALYST)


def test_an_expired_invitation_is_replaced_by_a_new_one(container, users, site, clock):
    old, _ = invite(container, users["owner"], "late@example.com", EDITOR)
    clock.advance(days=8)

    new, _ = invite(container, users["owner"], "late@example.com", ANALYST)

    assert stored(container, old.id).status == CollaboratorStatus.REMOVED
    assert stored(container, old.id).deactivated_reason == "expired"
    assert stored(container, new.id).status == PENDING


def test_someone_who_declined_or_was_removed_can_be_invited_again(container, users, site):
    _, token = invite(container, users["owner"], users["bob"].email, EDITOR)
    container.collaborator_invites().decline(actor=actor(users["bob"]), token=token)
    container.collaborators().remove(actor=actor(users["owner"]), site_id=SITE,
                                     collaborator_id=member_id(container, users["editor"]))

    for who in ("bob", "editor"):
        view, _ = invite(container, users["owner"], users[who].email, ANALYST)
        assert view.status == PENDING


def test_an_editor_cannot_invite(container, users, site, mailer):
    mailer.sent.clear()
    with pytest.raises(PermissionDenied) as refused:
        invite(container, users["editor"], "x@example.com", ANALYST)

    assert refused.value.code == "missing_permission"
    assert mailer.sent == []


def test_someone_with_no_role_is_told_the_site_does_not_exist(container, users, site):
    with pytest.raises(NotFound) as missing:
        invite(container, users["stranger"], "x@example.com", ANALYST)

    assert missing.value.code == "site_not_found"


def test_a_manager_invites_but_cannot_grant_manager(container, users, site):
    view, _ = invite(container, users["manager"], "helper@example.com", EDITOR)
    assert view.invited_by.username == "manager"

    with pytest.raises(PermissionDenied) as refused:
        invite(container, users["manager"], "boss@example.com", MANAGER)
    assert refused.value.code == "manager_requires_owner"


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_the_owner_and_admins_may_invite_a_manager(container, users, site, who):
    view, _ = invite(container, users[who], "boss@example.com", MANAGER)

    assert view.role == MANAGER


# -- resending ------------------------------------------------------------------------------
def test_resending_issues_a_new_token_and_a_fresh_expiry(container, users, site, clock,
                                                         invites):
    view, first = invite(container, users["owner"], users["bob"].email, EDITOR)
    clock.advance(days=6)

    container.collaborators().resend(actor=actor(users["manager"]), site_id=SITE,
                                     collaborator_id=view.id)

    second = token_from(container.mailer().last_to(users["bob"].email).text)
    assert second != first
    assert stored(container, view.id).expires_at == clock.now() + timedelta(days=7)
    with pytest.raises(NotFound):
        invites.details(actor=actor(users["bob"]), token=first)
    assert invites.details(actor=actor(users["bob"]), token=second).id == view.id


def test_resending_revives_an_expired_invitation(container, users, site, clock, invites):
    view, _ = invite(container, users["owner"], users["bob"].email, EDITOR)
    clock.advance(days=30)

    container.collaborators().resend(actor=actor(users["owner"]), site_id=SITE,
                                     collaborator_id=view.id)

    token = token_from(container.mailer().last_to(users["bob"].email).text)
    assert invites.accept(actor=actor(users["bob"]), token=token).status == ACTIVE


def test_only_pending_invitations_are_resent(container, users, site):
    with pytest.raises(Conflict) as conflict:
        container.collaborators().resend(actor=actor(users["owner"]), site_id=SITE,
                                         collaborator_id=member_id(container, users["editor"]))

    assert conflict.value.code == "invite_not_pending"


def test_a_manager_cannot_resend_a_manager_invitation(container, users, site):
    view, _ = invite(container, users["owner"], "boss@example.com", MANAGER)

    with pytest.raises(PermissionDenied) as refused:
        container.collaborators().resend(actor=actor(users["manager"]), site_id=SITE,
                                         collaborator_id=view.id)
    assert refused.value.code == "manager_requires_owner"


def test_a_collaborator_of_another_site_is_not_found_here(container, users, site, clock):
    now = clock.now()
    with container.uow() as uow:
        uow.sites.add(Site(id="site_2", author_id=users["stranger"].id, slug="elsewhere",
                           name="Elsewhere", created_at=now, updated_at=now))
        uow.commit()
    foreign, _ = invite(container, users["stranger"], "x@example.com", EDITOR, site_id="site_2")

    for call in ("resend", "get", "remove"):
        with pytest.raises(NotFound) as missing:
            getattr(container.collaborators(), call)(actor=actor(users["owner"]), site_id=SITE,
                                                     collaborator_id=foreign.id)
        assert missing.value.code == "collaborator_not_found"


# -- listing and reading --------------------------------------------------------------------
def test_the_list_shows_pending_and_active_oldest_first_with_totals(container, users, site,
                                                                    clock):
    clock.advance(minutes=1)
    invite(container, users["owner"], "a@example.com", EDITOR)
    clock.advance(minutes=1)
    invite(container, users["owner"], "b@example.com", ANALYST)
    container.collaborators().remove(actor=actor(users["owner"]), site_id=SITE,
                                     collaborator_id=member_id(container, users["editor"]))

    items, total = container.collaborators().list_collaborators(
        actor=actor(users["owner"]), site_id=SITE, offset=1, limit=2)

    assert total == 3  # manager, a, b: the removed editor is left out
    assert [i.email for i in items] == ["a@example.com", "b@example.com"]
    assert items[0].user is None and items[0].invited_by.username == "owner"


def test_the_list_filters_by_status(container, users, site):
    invite(container, users["owner"], "a@example.com", EDITOR)
    container.collaborators().remove(actor=actor(users["owner"]), site_id=SITE,
                                     collaborator_id=member_id(container, users["editor"]))
    service, owner = container.collaborators(), actor(users["owner"])

    for status, expected in ((PENDING, ["a@example.com"]),
                             (ACTIVE, [users["manager"].email]),
                             (CollaboratorStatus.REMOVED, [users["editor"].email])):
        items, total = service.list_collaborators(actor=owner, site_id=SITE, status=status)
        assert [i.email for i in items] == expected and total == 1


def test_every_role_sees_the_team_but_only_managers_see_others_emails(container, users, site):
    invite(container, users["owner"], "a@example.com", EDITOR)

    items, _ = container.collaborators().list_collaborators(actor=actor(users["editor"]),
                                                            site_id=SITE)

    emails = {i.user.username if i.user else "pending": i.email for i in items}
    assert emails == {"manager": None, "editor": users["editor"].email, "pending": None}
    assert {i.role for i in items} == {MANAGER, EDITOR}


def test_a_stranger_cannot_list_or_read_the_team(container, users, site):
    service, stranger = container.collaborators(), actor(users["stranger"])
    with pytest.raises(NotFound):
        service.list_collaborators(actor=stranger, site_id=SITE)
    with pytest.raises(NotFound):
        service.get(actor=stranger, site_id=SITE,
                    collaborator_id=member_id(container, users["editor"]))


def test_reading_one_collaborator(container, users, site):
    view = container.collaborators().get(actor=actor(users["manager"]), site_id=SITE,
                                         collaborator_id=member_id(container, users["editor"]))

    assert (view.role, view.status, view.user.username) == (EDITOR, ACTIVE, "editor")
    assert view.accepted_at is not None and view.expires_at is None


def test_an_expired_invitation_is_flagged(container, users, site, clock):
    view, _ = invite(container, users["owner"], "a@example.com", EDITOR)
    clock.advance(days=7, seconds=1)

    assert container.collaborators().get(actor=actor(users["owner"]), site_id=SITE,
                                         collaborator_id=view.id).expired


# -- changing roles -------------------------------------------------------------------------
def test_the_owner_changes_a_role_and_the_access_follows(container, users, site):
    editor = member_id(container, users["editor"])
    assert can(container, users["editor"], Permission.CONTENT_WRITE)

    view = container.collaborators().change_role(actor=actor(users["owner"]), site_id=SITE,
                                                 collaborator_id=editor, role=ANALYST)

    assert view.role == ANALYST and stored(container, editor).role == ANALYST
    assert not can(container, users["editor"], Permission.CONTENT_WRITE)
    assert can(container, users["editor"], Permission.ANALYTICS_READ)


def test_a_pending_invitation_s_role_can_be_changed(container, users, site):
    view, _ = invite(container, users["manager"], "a@example.com", EDITOR)

    changed = container.collaborators().change_role(actor=actor(users["manager"]),
                                                    site_id=SITE, collaborator_id=view.id,
                                                    role=TRANSLATOR)
    assert changed.role == TRANSLATOR


def test_nobody_changes_their_own_role(container, users, site):
    with pytest.raises(PermissionDenied) as refused:
        container.collaborators().change_role(
            actor=actor(users["manager"]), site_id=SITE,
            collaborator_id=member_id(container, users["manager"]), role=EDITOR)

    assert refused.value.code == "cannot_change_own_role"


@pytest.mark.parametrize("target, role", [("editor", MANAGER), ("manager", EDITOR)])
def test_only_the_owner_grants_or_revokes_manager(container, users, site, target, role):
    other = Actor(user_id="usr_none", session_id="s", role=UserRole.READER)
    join(container, users["bob"], MANAGER)  # a second manager, so one manager acts on another
    target_id = member_id(container, users[target])
    service = container.collaborators()

    with pytest.raises(PermissionDenied) as refused:
        service.change_role(actor=actor(users["bob"]), site_id=SITE, collaborator_id=target_id,
                            role=role)
    assert refused.value.code == "manager_requires_owner"
    assert service.change_role(actor=actor(users["owner"]), site_id=SITE,
                               collaborator_id=target_id, role=role).role == role
    with pytest.raises(NotFound):
        service.change_role(actor=other, site_id=SITE, collaborator_id=target_id, role=role)


def test_an_editor_cannot_change_roles(container, users, site):
    with pytest.raises(PermissionDenied) as refused:
        container.collaborators().change_role(
            actor=actor(users["editor"]), site_id=SITE,
            collaborator_id=member_id(container, users["manager"]), role=ANALYST)

    assert refused.value.code == "missing_permission"


def test_a_removed_collaborator_s_role_cannot_change(container, users, site):
    editor = member_id(container, users["editor"])
    service, owner = container.collaborators(), actor(users["owner"])
    service.remove(actor=owner, site_id=SITE, collaborator_id=editor)

    with pytest.raises(Conflict) as conflict:
        service.change_role(actor=owner, site_id=SITE, collaborator_id=editor, role=ANALYST)
    assert conflict.value.code == "collaborator_inactive"


# -- removing and leaving -------------------------------------------------------------------
def test_removing_a_collaborator_ends_their_access(container, users, site):
    editor = member_id(container, users["editor"])

    container.collaborators().remove(actor=actor(users["manager"]), site_id=SITE,
                                     collaborator_id=editor)

    row = stored(container, editor)
    assert (row.status, row.deactivated_reason) == (CollaboratorStatus.REMOVED, "removed")
    assert not can(container, users["editor"])


def test_a_collaborator_may_leave_the_site(container, users, site):
    editor = member_id(container, users["editor"])

    container.collaborators().remove(actor=actor(users["editor"]), site_id=SITE,
                                     collaborator_id=editor)

    assert stored(container, editor).deactivated_reason == "left"
    assert not can(container, users["editor"])


def test_a_manager_may_leave_but_not_remove_another_manager(container, users, site):
    join(container, users["bob"], MANAGER)
    service = container.collaborators()

    with pytest.raises(PermissionDenied) as refused:
        service.remove(actor=actor(users["bob"]), site_id=SITE,
                       collaborator_id=member_id(container, users["manager"]))
    assert refused.value.code == "manager_requires_owner"
    service.remove(actor=actor(users["bob"]), site_id=SITE,
                   collaborator_id=member_id(container, users["bob"]))
    assert not can(container, users["bob"])


def test_an_editor_cannot_remove_someone_else(container, users, site):
    with pytest.raises(PermissionDenied) as refused:
        container.collaborators().remove(actor=actor(users["editor"]), site_id=SITE,
                                         collaborator_id=member_id(container, users["manager"]))

    assert refused.value.code == "missing_permission"


def test_withdrawing_an_invitation_kills_its_link(container, users, site, invites):
    view, token = invite(container, users["owner"], users["bob"].email, EDITOR)

    container.collaborators().remove(actor=actor(users["owner"]), site_id=SITE,
                                     collaborator_id=view.id)

    with pytest.raises(NotFound):
        invites.accept(actor=actor(users["bob"]), token=token)


def test_removing_twice_changes_nothing(container, users, site):
    editor = member_id(container, users["editor"])
    service = container.collaborators()
    service.remove(actor=actor(users["owner"]), site_id=SITE, collaborator_id=editor)
    first = stored(container, editor).deactivated_at

    service.remove(actor=actor(users["owner"]), site_id=SITE, collaborator_id=editor)

    assert stored(container, editor).deactivated_at == first


# -- the invitee's side ---------------------------------------------------------------------
def test_accepting_makes_the_invitee_an_active_collaborator(container, users, site, invites):
    view, token = invite(container, users["owner"], users["carol"].email, TRANSLATOR)

    accepted = invites.accept(actor=actor(users["carol"]), token=token)

    row = stored(container, view.id)
    assert (row.status, row.user_id, row.invite_token_hash) == (ACTIVE, users["carol"].id, None)
    assert accepted.site.name == "The Lighthouse" and accepted.role == TRANSLATOR
    assert can(container, users["carol"], Permission.TRANSLATIONS_WRITE)
    assert not can(container, users["carol"], Permission.CONTENT_WRITE)


def test_an_invitation_is_answered_only_once(container, users, site, invites):
    _, token = invite(container, users["owner"], users["carol"].email, EDITOR)
    invites.accept(actor=actor(users["carol"]), token=token)

    for answer in (invites.accept, invites.decline, invites.details):
        with pytest.raises(NotFound) as missing:
            answer(actor=actor(users["carol"]), token=token)
        assert missing.value.code == "invite_not_found"


def test_only_the_invited_address_may_see_or_answer(container, users, site, invites):
    _, token = invite(container, users["owner"], users["carol"].email, EDITOR)

    for answer in (invites.details, invites.accept, invites.decline):
        with pytest.raises(PermissionDenied) as refused:
            answer(actor=actor(users["bob"]), token=token)
        assert refused.value.code == "invite_email_mismatch"


def test_an_unknown_or_expired_token_is_not_found(container, users, site, invites, clock):
    _, token = invite(container, users["owner"], users["carol"].email, EDITOR)
    with pytest.raises(NotFound):
        invites.details(actor=actor(users["carol"]), token="not-a-token")

    clock.advance(days=7, seconds=1)
    with pytest.raises(NotFound) as missing:
        invites.accept(actor=actor(users["carol"]), token=token)
    assert missing.value.code == "invite_not_found"


def test_an_unverified_address_cannot_accept(container, users, site, invites):
    _, token = invite(container, users["owner"], users["unverified"].email, EDITOR)

    with pytest.raises(PermissionDenied) as refused:
        invites.accept(actor=actor(users["unverified"]), token=token)
    assert refused.value.code == "email_not_verified"


def test_declining_leaves_no_access(container, users, site, invites):
    view, token = invite(container, users["owner"], users["carol"].email, EDITOR)

    invites.decline(actor=actor(users["carol"]), token=token)

    assert stored(container, view.id).status == CollaboratorStatus.DECLINED
    assert not can(container, users["carol"])


def test_an_invitation_on_a_deleted_site_is_not_found(container, users, site, invites, clock):
    _, token = invite(container, users["owner"], users["carol"].email, EDITOR)
    with container.uow() as uow:
        uow.sites.get(SITE).change_status(SiteStatus.DELETED, now=clock.now())
        uow.commit()

    with pytest.raises(NotFound):
        invites.accept(actor=actor(users["carol"]), token=token)
    assert invites.mine(actor=actor(users["carol"])) == ([], 0)


def test_the_invitee_reads_the_invitation_s_details(container, users, site, invites, clock):
    view, token = invite(container, users["manager"], users["carol"].email, ANALYST)

    details = invites.details(actor=actor(users["carol"]), token=token)

    assert (details.id, details.site.name, details.site.slug, details.role) == (
        view.id, "The Lighthouse", "lighthouse", ANALYST)
    assert details.invited_by.display_name == "Manager"
    assert details.expires_at == clock.now() + timedelta(days=7)


def test_my_invitations_by_address_or_account_newest_first(container, users, site, invites,
                                                           clock):
    now = clock.now()
    with container.uow() as uow:
        uow.sites.add(Site(id="site_2", author_id=users["stranger"].id, slug="elsewhere",
                           name="Elsewhere", created_at=now, updated_at=now))
        uow.commit()
    first, _ = invite(container, users["owner"], users["carol"].email, EDITOR)
    clock.advance(minutes=1)
    second, _ = invite(container, users["stranger"], users["carol"].email, ANALYST, "site_2")
    invite(container, users["owner"], "someone.else@example.com", EDITOR)
    with container.uow() as uow:  # carol changed her address since the first invitation
        uow.users.get(users["carol"].id).email = "carol.new@example.com"
        uow.commit()

    items, total = invites.mine(actor=actor(users["carol"]))

    assert total == 2
    assert [(i.id, i.site.name) for i in items] == [(second.id, "Elsewhere"),
                                                    (first.id, "The Lighthouse")]
    assert invites.mine(actor=actor(users["carol"]), offset=1, limit=1)[0][0].id == first.id


def test_answered_and_expired_invitations_are_not_mine_any_more(container, users, site,
                                                                invites, clock):
    _, token = invite(container, users["owner"], users["carol"].email, EDITOR)
    invites.decline(actor=actor(users["carol"]), token=token)
    invite(container, users["owner"], users["bob"].email, EDITOR)
    clock.advance(days=8)

    assert invites.mine(actor=actor(users["carol"])) == ([], 0)
    assert invites.mine(actor=actor(users["bob"])) == ([], 0)


def test_the_invitee_may_answer_by_the_invitation_s_id(container, users, site, invites):
    view, _ = invite(container, users["owner"], users["carol"].email, EDITOR)
    with pytest.raises(PermissionDenied):
        invites.accept(actor=actor(users["bob"]), token=view.id)

    assert invites.accept(actor=actor(users["carol"]), token=view.id).status == ACTIVE


def test_someone_already_on_the_team_under_another_address_cannot_accept_twice(
        container, users, site, invites):
    _, token = invite(container, users["owner"], "editor.other@example.com", ANALYST)
    with container.uow() as uow:
        uow.users.get(users["editor"].id).email = "editor.other@example.com"
        uow.commit()

    with pytest.raises(Conflict) as conflict:
        invites.accept(actor=actor(users["editor"]), token=token)
    assert conflict.value.code == "already_collaborator"
