"""PageService: CRUD, Markdown rendered and sanitized, publishing, duplicates, order."""

import pytest

from ownverso.domain.sites.page import copy_slug, slugify
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.support.site_kit import SiteKit


@pytest.fixture
def kit():
    return SiteKit.build()


@pytest.fixture
def pages(kit):
    return kit.container.site_pages()


@pytest.fixture
def owner(kit):
    return kit.user()


@pytest.fixture
def site_id(kit, owner):
    return kit.site(owner)


def make(pages, owner, site_id, title="About", **fields):
    return pages.create(actor=owner, site_id=site_id, fields={"title": title, **fields})


def test_a_page_is_created_as_a_draft_with_a_slug_from_its_title(pages, owner, site_id):
    page = make(pages, owner, site_id, title="Über uns & FAQ!", content="# Hello\n\n*hi*")
    assert page.slug == "uber-uns-faq" and page.is_published is False
    assert page.content_html == "<h1>Hello</h1>\n<p><em>hi</em></p>\n"


def test_content_is_sanitized(pages, owner, site_id):
    page = make(pages, owner, site_id, content='<script>alert(1)</script>\n\n'
                                               '[x](javascript:alert(1)) <b onclick="y">b</b>')
    assert "<script" not in page.content_html and "onclick" not in page.content_html
    assert 'href="javascript' not in page.content_html
    assert page.content.startswith("<script>")  # the source is kept as written


def test_slugs_are_unique_per_site_and_checked(kit, pages, owner, site_id):
    make(pages, owner, site_id, slug="about")
    with pytest.raises(Conflict) as error:
        make(pages, owner, site_id, slug="about")
    assert error.value.code == "page_slug_taken"
    other_site = kit.site(owner)
    assert make(pages, owner, other_site, slug="about").slug == "about"
    with pytest.raises(ValidationFailed) as error:
        make(pages, owner, site_id, slug="Not a slug!")
    assert "slug" in error.value.fields
    with pytest.raises(ValidationFailed):
        make(pages, owner, site_id, title="!!!")  # nothing to make a slug from


def test_update_renders_again_and_checks_the_slug(pages, owner, site_id):
    page = make(pages, owner, site_id)
    make(pages, owner, site_id, title="Contact")
    updated = pages.update(actor=owner, site_id=site_id, page_id=page.id, changes={
        "content": "**new**", "nav_label": "Us", "show_in_nav": True, "slug": "us"})
    assert updated.content_html == "<p><strong>new</strong></p>\n"
    assert (updated.slug, updated.nav_label, updated.show_in_nav) == ("us", "Us", True)
    with pytest.raises(Conflict):
        pages.update(actor=owner, site_id=site_id, page_id=page.id, changes={"slug": "contact"})


def test_publish_and_unpublish(kit, pages, owner, site_id):
    page = make(pages, owner, site_id)
    published = pages.set_published(actor=owner, site_id=site_id, page_id=page.id,
                                    published=True)
    assert published.is_published and published.published_at == kit.clock.now()
    again = pages.set_published(actor=owner, site_id=site_id, page_id=page.id, published=True)
    assert again.published_at == published.published_at
    assert not pages.set_published(actor=owner, site_id=site_id, page_id=page.id,
                                   published=False).is_published


def test_duplicate_makes_an_unpublished_copy_last_in_order(pages, owner, site_id):
    page = make(pages, owner, site_id, slug="about", content="Hi", is_published=True)
    make(pages, owner, site_id, title="Other")
    first = pages.duplicate(actor=owner, site_id=site_id, page_id=page.id)
    second = pages.duplicate(actor=owner, site_id=site_id, page_id=page.id)
    assert (first.slug, second.slug) == ("about-copy", "about-copy-2")
    assert first.title == "About (copy)" and first.content == "Hi"
    assert not first.is_published and first.nav_order == 2 and second.nav_order == 3


def test_copy_slugs_stay_within_the_limit():
    long = "a" * 100
    assert len(copy_slug(long, set())) <= 100
    assert copy_slug("x", {"x-copy"}) == "x-copy-2"
    assert slugify("  --Hello,  World--  ") == "hello-world"


def test_reorder_sets_the_navigation_order(pages, owner, site_id):
    a, b, c = (make(pages, owner, site_id, title=t) for t in ("A", "B", "C"))
    ordered = pages.reorder(actor=owner, site_id=site_id, page_ids=[c.id, a.id, b.id])
    assert [p.id for p in ordered] == [c.id, a.id, b.id]
    listed, total = pages.list_pages(actor=owner, site_id=site_id)
    assert total == 3 and [p.id for p in listed] == [c.id, a.id, b.id]


@pytest.mark.parametrize("shape", ["missing", "duplicate", "foreign"])
def test_reorder_is_all_or_nothing(kit, pages, owner, site_id, shape):
    a, b = make(pages, owner, site_id, title="A"), make(pages, owner, site_id, title="B")
    other = make(pages, owner, kit.site(owner), title="C")
    ids = {"missing": [b.id], "duplicate": [b.id, a.id, a.id],
           "foreign": [b.id, a.id, other.id]}[shape]
    with pytest.raises(ValidationFailed) as error:
        pages.reorder(actor=owner, site_id=site_id, page_ids=ids)
    assert error.value.code == "invalid_page_order" and error.value.fields["page_ids"]
    assert [p.id for p in pages.list_pages(actor=owner, site_id=site_id)[0]] == [a.id, b.id]


def test_list_filters(pages, owner, site_id):
    make(pages, owner, site_id, title="Draft")
    shown = make(pages, owner, site_id, title="Shown", is_published=True, show_in_nav=True)
    assert [p.id for p in pages.list_pages(actor=owner, site_id=site_id,
                                           is_published=True)[0]] == [shown.id]
    assert pages.list_pages(actor=owner, site_id=site_id, show_in_nav=False)[1] == 1


def test_delete(pages, owner, site_id):
    page = make(pages, owner, site_id)
    pages.delete(actor=owner, site_id=site_id, page_id=page.id)
    with pytest.raises(NotFound):
        pages.get(actor=owner, site_id=site_id, page_id=page.id)


def test_a_page_of_another_site_is_not_found_through_this_one(kit, pages, owner, site_id):
    other_site = kit.site(owner)
    page = make(pages, owner, other_site)
    with pytest.raises(NotFound):
        pages.get(actor=owner, site_id=site_id, page_id=page.id)
    with pytest.raises(NotFound):
        pages.update(actor=owner, site_id=site_id, page_id=page.id, changes={"title": "X"})


def test_the_public_sees_published_pages_of_visible_sites(kit, pages, owner, site_id):
    page = make(pages, owner, site_id, slug="about")
    with pytest.raises(NotFound):
        pages.public_by_slug(site_id=site_id, slug="about")
    pages.set_published(actor=owner, site_id=site_id, page_id=page.id, published=True)
    assert pages.public_by_slug(site_id=site_id, slug="About").id == page.id
    kit.container.sites().update(actor=owner, site_id=site_id, changes={"is_public": False})
    with pytest.raises(NotFound):
        pages.public_by_slug(site_id=site_id, slug="about")


def test_roles(kit, pages, owner, site_id):
    page = make(pages, owner, site_id)
    analyst, editor, translator = kit.user(), kit.user(), kit.user()
    kit.join(site_id, analyst, CollaboratorRole.ANALYST)
    kit.join(site_id, editor, CollaboratorRole.EDITOR)
    kit.join(site_id, translator, CollaboratorRole.TRANSLATOR)
    assert pages.get(actor=analyst, site_id=site_id, page_id=page.id).id == page.id
    for who in (analyst, translator):
        with pytest.raises(PermissionDenied):
            make(pages, who, site_id, title="Mine")
        with pytest.raises(PermissionDenied):
            pages.set_published(actor=who, site_id=site_id, page_id=page.id, published=True)
        with pytest.raises(PermissionDenied):
            pages.delete(actor=who, site_id=site_id, page_id=page.id)
    made = make(pages, editor, site_id, title="By editor", is_published=True)
    assert made.is_published
    with pytest.raises(NotFound):
        pages.list_pages(actor=kit.user(), site_id=site_id)
