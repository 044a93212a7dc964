"""BrandingService: colors, fonts, custom CSS by plan and sanitized, images through storage."""

import io

import pytest
from PIL import Image

from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import NotFound, PayloadTooLarge, PermissionDenied, ValidationFailed
from ownverso.services.images import fit_within
from tests.support.site_kit import SiteKit, image_bytes


@pytest.fixture
def kit():
    return SiteKit.build()


@pytest.fixture
def branding(kit):
    return kit.container.site_branding()


@pytest.fixture
def storage(kit):
    return kit.container.storage()


@pytest.fixture
def owner(kit):
    return kit.user()


@pytest.fixture
def site_id(kit, owner):
    return kit.site(owner)


def test_colors_are_hex_and_stored_upper_case(branding, owner, site_id):
    found = branding.update(actor=owner, site_id=site_id, changes={
        "primary_color": "#1a2b3c", "accent_color": "#FFFFFF", "secondary_color": None})
    assert (found["primary_color"], found["accent_color"]) == ("#1A2B3C", "#FFFFFF")
    assert found["secondary_color"] is None


@pytest.mark.parametrize("value", ["red", "#12345", "#1234567", "123456", "#GGGGGG", ""])
def test_a_bad_color_is_refused_naming_the_field(branding, owner, site_id, value):
    with pytest.raises(ValidationFailed) as error:
        branding.update(actor=owner, site_id=site_id, changes={"secondary_color": value})
    assert error.value.code == "invalid_color" and "secondary_color" in error.value.fields


def test_fonts_name_a_heading_and_a_body(branding, owner, site_id):
    found = branding.update(actor=owner, site_id=site_id,
                            changes={"custom_fonts": {"heading": "Lora", "body": "Inter"}})
    assert found["custom_fonts"] == {"heading": "Lora", "body": "Inter"}
    with pytest.raises(ValidationFailed):
        branding.update(actor=owner, site_id=site_id,
                        changes={"custom_fonts": {"heading": "x;}</style>"}})


def test_custom_css_is_not_in_the_free_plan(branding, owner, site_id):
    with pytest.raises(PermissionDenied) as error:
        branding.update(actor=owner, site_id=site_id, changes={"custom_css": "a{color:red}"})
    assert error.value.code == "feature_not_in_plan"
    assert error.value.fields == {"feature": ["has_custom_css"]}
    with pytest.raises(PermissionDenied):
        branding.update(actor=owner, site_id=site_id, changes={"custom_css_enabled": True})


def test_custom_css_on_a_plan_with_it_is_sanitized(kit, branding, owner, site_id):
    kit.set_tier(owner, "STARTER")
    css = '@import "https://x.example/a.css"; a { color: red; width: expression(alert(1)) }'
    found = branding.update(actor=owner, site_id=site_id, changes={"custom_css": css})
    assert found["custom_css"] == "a { color: red; }"
    assert found["custom_css_enabled"] is True
    again = branding.update(actor=owner, site_id=site_id,
                            changes={"custom_css": found["custom_css"]})
    assert again["custom_css"] == found["custom_css"]
    cleared = branding.update(actor=owner, site_id=site_id, changes={"custom_css": None})
    assert cleared["custom_css"] is None and cleared["custom_css_enabled"] is False


def test_the_plan_checked_is_the_site_owners_not_the_callers(kit, branding, owner, site_id):
    manager = kit.user(tier="ENTERPRISE")
    kit.join(site_id, manager, CollaboratorRole.MANAGER)
    with pytest.raises(PermissionDenied):
        branding.update(actor=manager, site_id=site_id, changes={"custom_css": "a{color:red}"})


def test_editors_cannot_change_branding(kit, branding, site_id):
    editor = kit.user()
    kit.join(site_id, editor, CollaboratorRole.EDITOR)
    assert branding.branding(actor=editor, site_id=site_id)["logo_url"] is None
    with pytest.raises(PermissionDenied):
        branding.update(actor=editor, site_id=site_id, changes={"primary_color": "#000000"})


def test_a_logo_is_scaled_within_bounds_keeping_its_shape_and_stored_as_webp(
        branding, storage, owner, site_id):
    found = branding.upload(actor=owner, site_id=site_id, kind="logo",
                            data=image_bytes(3000, 1500, "JPEG"))
    key = next(k for k in storage.files if "/branding/logo-" in k)
    data, content_type = storage.files[key]
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("WEBP", (1024, 512))
    assert content_type == "image/webp" and found["logo_url"].endswith(key)


def test_a_favicon_is_png_and_small_images_are_not_enlarged(branding, storage, owner, site_id):
    branding.upload(actor=owner, site_id=site_id, kind="favicon", data=image_bytes(32, 32))
    key = next(k for k in storage.files if "/branding/favicon-" in k)
    with Image.open(io.BytesIO(storage.files[key][0])) as image:
        assert (image.format, image.size) == ("PNG", (32, 32))


def test_a_new_image_replaces_the_old_file_after_commit(branding, storage, owner, site_id):
    first = branding.upload(actor=owner, site_id=site_id, kind="cover",
                            data=image_bytes(100, 50))
    second = branding.upload(actor=owner, site_id=site_id, kind="cover",
                             data=image_bytes(120, 60))
    covers = [k for k in storage.files if "/branding/cover-" in k]
    assert len(covers) == 1 and second["cover_image_url"].endswith(covers[0])
    assert first["cover_image_url"] != second["cover_image_url"]
    removed = branding.remove(actor=owner, site_id=site_id, kind="cover")
    assert removed["cover_image_url"] is None
    assert not [k for k in storage.files if "/branding/cover-" in k]


def test_og_image_uploads(branding, owner, site_id):
    found = branding.upload(actor=owner, site_id=site_id, kind="og-image",
                            data=image_bytes(1200, 630))
    assert "/branding/og-image-" in found["og_image_url"]


def test_uploads_are_checked_by_content(branding, owner, site_id):
    with pytest.raises(ValidationFailed) as error:
        branding.upload(actor=owner, site_id=site_id, kind="logo", data=b"<svg onload=x>")
    assert error.value.code == "invalid_image" and error.value.location == "files"
    with pytest.raises(PayloadTooLarge):
        branding.upload(actor=owner, site_id=site_id, kind="logo", data=b"0" * (6 * 1024**2))


def test_a_refused_upload_stores_nothing(kit, branding, storage, site_id):
    stranger = kit.user()
    with pytest.raises(NotFound):  # the stranger has no role on the site
        branding.upload(actor=stranger, site_id=site_id, kind="logo", data=image_bytes())
    assert not storage.files


def test_fit_within_keeps_the_aspect_ratio():
    data = fit_within(image_bytes(400, 100), 10**6, 200, 200)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (200, 50)
