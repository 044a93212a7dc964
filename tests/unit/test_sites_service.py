"""SiteService on the in-memory suite: creation rules, who sees which site, status changes,
soft delete and restore, the public views."""

import pytest

from ownverso.domain.identity.values import UserRole
from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus, SiteStatus
from ownverso.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.support.site_kit import SiteKit


@pytest.fixture
def kit():
    return SiteKit.build()


@pytest.fixture
def sites(kit):
    return kit.container.sites()


@pytest.fixture
def owner(kit):
    return kit.user()


def test_an_author_creates_a_site_and_owns_it(sites, owner):
    view = sites.create(actor=owner, fields={"name": "Lighthouse", "slug": " Lighthouse-Tales ",
                                             "default_language": "pt-BR"})
    assert view.role == "OWNER" and "site.delete" in view.permissions
    assert view.site.slug == "lighthouse-tales" and view.site.author_id == owner.user_id
    assert view.site.status == SiteStatus.ACTIVE and view.site.default_language == "pt-BR"


def test_a_reader_is_told_to_create_an_author_profile_first(kit, sites):
    reader = kit.user(author=False)
    with pytest.raises(PermissionDenied) as error:
        sites.create(actor=reader, fields={"name": "Mine", "slug": "mine-site"})
    assert error.value.code == "author_profile_required"
    assert "/author-profile" in error.value.message


@pytest.mark.parametrize("slug, code", [("ab", "invalid_slug"), ("-abc", "invalid_slug"),
                                        ("a_b_c", "invalid_slug"), ("admin", "slug_reserved")])
def test_bad_slugs_are_refused_naming_the_field(sites, owner, slug, code):
    with pytest.raises(ValidationFailed) as error:
        sites.create(actor=owner, fields={"name": "X", "slug": slug})
    assert error.value.code == code and "slug" in error.value.fields


def test_a_slug_belongs_to_one_site(kit, sites, owner):
    kit.site(owner, slug="taken-slug")
    with pytest.raises(Conflict) as error:
        sites.create(actor=kit.user(), fields={"name": "X", "slug": "taken-slug"})
    assert error.value.code == "slug_taken"
    other = kit.site(owner)
    with pytest.raises(Conflict):
        sites.update(actor=owner, site_id=other, changes={"slug": "taken-slug"})


def test_the_list_has_own_sites_and_those_collaborated_on_with_the_role(kit, sites, owner):
    mine = kit.site(owner)
    friend = kit.user()
    theirs = kit.site(friend)
    pending = kit.site(friend)
    kit.join(theirs, owner, CollaboratorRole.EDITOR)
    kit.join(pending, owner, CollaboratorRole.MANAGER, status=CollaboratorStatus.PENDING)
    kit.site(kit.user())  # someone else's

    views, total = sites.list_mine(actor=owner)

    assert total == 2
    assert {(v.site.id, v.role) for v in views} == {(mine, "OWNER"), (theirs, "EDITOR")}


def test_deleted_sites_are_listed_only_when_asked(kit, sites, owner):
    kept, gone = kit.site(owner), kit.site(owner)
    sites.delete(actor=owner, site_id=gone)
    assert [v.site.id for v in sites.list_mine(actor=owner)[0]] == [kept]
    listed = sites.list_mine(actor=owner, include_deleted=True)[0]
    assert {v.site.id for v in listed} == {kept, gone}
    assert [v.site.id for v in sites.list_mine(actor=owner, status=SiteStatus.DELETED)[0]] == [gone]


def test_list_pages_through_offset_and_limit(kit, sites, owner):
    for _ in range(5):
        kit.site(owner)
    first, total = sites.list_mine(actor=owner, offset=0, limit=2)
    rest, _ = sites.list_mine(actor=owner, offset=2, limit=10)
    assert total == 5 and len(first) == 2 and len(rest) == 3
    assert not {v.site.id for v in first} & {v.site.id for v in rest}


def test_someone_without_a_role_gets_404_and_a_collaborator_gets_their_view(kit, sites, owner):
    site_id = kit.site(owner)
    stranger, analyst = kit.user(), kit.user()
    kit.join(site_id, analyst, CollaboratorRole.ANALYST)
    with pytest.raises(NotFound):
        sites.get(actor=stranger, site_id=site_id)
    view = sites.get(actor=analyst, site_id=site_id)
    assert view.role == "ANALYST" and "content.write" not in view.permissions
    with pytest.raises(PermissionDenied) as error:
        sites.update(actor=analyst, site_id=site_id, changes={"name": "Mine now"})
    assert error.value.code == "missing_permission"


def test_an_admin_sees_every_site_with_all_permissions(kit, sites, owner):
    site_id = kit.site(owner)
    admin = kit.user(author=False, role=UserRole.ADMIN)
    view = sites.get(actor=admin, site_id=site_id)
    assert view.role == "ADMIN" and "site.delete" in view.permissions


def test_update_changes_the_details(kit, sites, owner):
    site_id = kit.site(owner)
    view = sites.update(actor=owner, site_id=site_id, changes={
        "name": "New Name", "tagline": "Tales", "is_public": False, "slug": "new-slug"})
    assert (view.site.name, view.site.tagline, view.site.is_public, view.site.slug) == (
        "New Name", "Tales", False, "new-slug")


def test_maintenance_with_a_message_and_back(kit, sites, owner):
    site_id = kit.site(owner)
    view = sites.update(actor=owner, site_id=site_id,
                        changes={"status": "MAINTENANCE", "maintenance_message": "Back soon"})
    assert view.site.status == SiteStatus.MAINTENANCE
    assert view.site.maintenance_message == "Back soon"
    view = sites.update(actor=owner, site_id=site_id,
                        changes={"maintenance_message": "Back tomorrow"})
    assert view.site.maintenance_message == "Back tomorrow"
    view = sites.update(actor=owner, site_id=site_id, changes={"status": "ACTIVE"})
    assert view.site.status == SiteStatus.ACTIVE and view.site.maintenance_message is None


def test_a_maintenance_message_needs_maintenance(kit, sites, owner):
    site_id = kit.site(owner)
    with pytest.raises(ValidationFailed) as error:
        sites.update(actor=owner, site_id=site_id, changes={"maintenance_message": "Hi"})
    assert "maintenance_message" in error.value.fields


def test_only_staff_suspend_a_site_or_lift_the_suspension(kit, sites, owner):
    site_id = kit.site(owner)
    with pytest.raises(PermissionDenied) as error:
        sites.update(actor=owner, site_id=site_id, changes={"status": "SUSPENDED"})
    assert error.value.code == "site_suspended"
    admin = kit.user(author=False, role=UserRole.ADMIN)
    sites.update(actor=admin, site_id=site_id,
                 changes={"status": "SUSPENDED", "suspension_reason": "spam"})
    with pytest.raises(PermissionDenied):
        sites.update(actor=owner, site_id=site_id, changes={"status": "ACTIVE"})
    assert sites.update(actor=admin, site_id=site_id,
                        changes={"status": "ACTIVE"}).site.status == SiteStatus.ACTIVE


def test_deleting_goes_through_delete_not_patch(kit, sites, owner):
    site_id = kit.site(owner)
    with pytest.raises(ValidationFailed) as error:
        sites.update(actor=owner, site_id=site_id, changes={"status": "DELETED"})
    assert error.value.code == "use_delete"


def test_soft_delete_and_restore_by_the_owner_only(kit, sites, owner):
    site_id = kit.site(owner)
    manager = kit.user()
    kit.join(site_id, manager, CollaboratorRole.MANAGER)
    with pytest.raises(PermissionDenied):
        sites.delete(actor=manager, site_id=site_id)
    sites.delete(actor=owner, site_id=site_id)
    stored = kit.stored_site(site_id)
    assert stored.status == SiteStatus.DELETED and stored.deleted_at is not None
    with pytest.raises(NotFound):  # a deleted site exists only for its owner
        sites.get(actor=manager, site_id=site_id)
    with pytest.raises(NotFound):
        sites.restore(actor=manager, site_id=site_id)
    assert sites.get(actor=owner, site_id=site_id).site.is_deleted
    restored = sites.restore(actor=owner, site_id=site_id)
    assert restored.site.status == SiteStatus.ACTIVE and restored.site.deleted_at is None


def test_restoring_a_live_site_is_a_conflict(kit, sites, owner):
    site_id = kit.site(owner)
    with pytest.raises(Conflict) as error:
        sites.restore(actor=owner, site_id=site_id)
    assert error.value.code == "site_not_deleted"


def test_public_views_show_visible_sites_only(kit, sites, owner):
    site_id = kit.site(owner, slug="open-site")
    assert sites.public_by_slug(slug="OPEN-SITE").site.id == site_id
    assert sites.public_by_id(site_id=site_id).site.id == site_id
    sites.update(actor=owner, site_id=site_id, changes={"status": "MAINTENANCE"})
    assert sites.public_by_id(site_id=site_id).site.status == SiteStatus.MAINTENANCE
    sites.update(actor=owner, site_id=site_id, changes={"status": "ACTIVE", "is_public": False})
    with pytest.raises(NotFound):
        sites.public_by_slug(slug="open-site")
    sites.update(actor=owner, site_id=site_id, changes={"is_public": True})
    sites.delete(actor=owner, site_id=site_id)
    with pytest.raises(NotFound):
        sites.public_by_id(site_id=site_id)


def test_a_suspended_site_is_hidden_from_the_public(kit, sites, owner):
    site_id = kit.site(owner, slug="hidden-site")
    admin = kit.user(author=False, role=UserRole.ADMIN)
    sites.update(actor=admin, site_id=site_id, changes={"status": "SUSPENDED"})
    with pytest.raises(NotFound):
        sites.public_by_slug(slug="hidden-site")


def test_public_by_domain_needs_a_verified_domain(kit, sites, owner):
    site_id = kit.site(owner)
    with kit.container.uow() as uow:
        uow.sites.get(site_id).custom_domain = "stories.example.org"
        uow.commit()
    with pytest.raises(NotFound):
        sites.public_by_domain(domain="stories.example.org")
    with kit.container.uow() as uow:
        uow.sites.get(site_id).custom_domain_verified = True
        uow.commit()
    assert sites.public_by_domain(domain="Stories.Example.org.").site.id == site_id


def test_the_public_view_has_the_published_navigation_pages_in_order(kit, sites, owner):
    site_id = kit.site(owner, slug="nav-site")
    pages = kit.container.site_pages()
    about = pages.create(actor=owner, site_id=site_id, fields={
        "title": "About", "show_in_nav": True, "is_published": True})
    pages.create(actor=owner, site_id=site_id, fields={"title": "Draft", "show_in_nav": True})
    faq = pages.create(actor=owner, site_id=site_id, fields={
        "title": "FAQ", "show_in_nav": True, "is_published": True, "nav_label": "Help"})
    pages.create(actor=owner, site_id=site_id, fields={"title": "Hidden", "is_published": True})
    pages.reorder(actor=owner, site_id=site_id, page_ids=[
        faq.id, *[p.id for p in pages.list_pages(actor=owner, site_id=site_id)[0]
                  if p.id != faq.id]])
    navigation = sites.public_by_slug(slug="nav-site").navigation
    assert [(p.id, p.nav_title) for p in navigation] == [(faq.id, "Help"), (about.id, "About")]


def test_an_authors_public_sites(kit, sites, owner):
    shown = kit.site(owner)
    private = kit.site(owner, is_public=False)
    gone = kit.site(owner)
    sites.delete(actor=owner, site_id=gone)
    found, total = sites.public_sites_of(user_id=owner.user_id)
    assert total == 1 and [s.id for s in found] == [shown] and private != shown
    with pytest.raises(NotFound):
        sites.public_sites_of(user_id=kit.user(author=False).user_id)
