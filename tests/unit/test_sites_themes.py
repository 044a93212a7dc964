"""ThemeService: the seeded catalog, premium themes by plan, choices, previews."""

import pytest

from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import NotFound, PermissionDenied, ValidationFailed
from tests.support.site_kit import SiteKit


@pytest.fixture
def kit():
    return SiteKit.build()


@pytest.fixture
def themes(kit):
    return kit.container.themes()


@pytest.fixture
def owner(kit):
    return kit.user()


@pytest.fixture
def site_id(kit, owner):
    return kit.site(owner)


def usage(kit, theme_id):
    with kit.container.uow() as uow:
        return uow.themes.get(theme_id).usage_count


def test_the_catalog_is_seeded_with_free_themes_first(themes):
    found, total = themes.list_themes()
    assert total == 6
    assert [t.is_premium for t in found] == [False] * 4 + [True] * 2
    assert {t.required_tier for t in found if t.is_premium} == {"GROWTH", "PROFESSIONAL"}


def test_the_catalog_filters_and_pages(themes):
    premium, total = themes.list_themes(is_premium=True)
    assert total == 2 and all(t.is_premium for t in premium)
    modern, _ = themes.list_themes(category="modern")
    assert {t.slug for t in modern} == {"aurora", "atelier"}
    page, total = themes.list_themes(offset=4, limit=10)
    assert total == 6 and len(page) == 2


def test_categories_count_their_themes(themes):
    categories = themes.categories()
    assert {"category": "modern", "count": 2} in categories
    assert sum(c["count"] for c in categories) == 6


def test_a_theme_and_its_preview(themes):
    theme = themes.get_theme(theme_id="thm_classic")
    assert theme.slug == "classic" and theme.color_schemes and theme.font_options
    preview = themes.preview_theme(theme_id="thm_classic")
    assert preview.preview_url == theme.preview_url
    assert preview.style["colors"]["primary"] == theme.styles["colors"]["primary"]
    with pytest.raises(NotFound):
        themes.get_theme(theme_id="thm_nope")


def test_a_new_site_shows_the_default_theme(themes, owner, site_id):
    current = themes.site_theme(actor=owner, site_id=site_id)
    assert current.theme.slug == "classic" and current.settings == {}


def test_a_free_theme_with_choices_and_the_merged_style(kit, themes, owner, site_id):
    chosen = themes.update_site_theme(actor=owner, site_id=site_id, theme_id="thm_minimal",
                                      settings={"color_scheme": "dark", "font": "serif"})
    assert chosen.theme.id == "thm_minimal"
    assert chosen.settings == {"color_scheme": "dark", "font": "serif"}
    assert chosen.style["colors"]["background"] == "#0C0A09"
    assert chosen.style["fonts"]["heading"] == "Playfair Display"
    assert usage(kit, "thm_minimal") == 1
    themes.update_site_theme(actor=owner, site_id=site_id, theme_id="thm_midnight")
    assert (usage(kit, "thm_minimal"), usage(kit, "thm_midnight")) == (0, 1)


def test_the_sites_colors_and_fonts_win_over_the_theme(kit, themes, owner, site_id):
    kit.container.site_branding().update(actor=owner, site_id=site_id, changes={
        "primary_color": "#123456", "custom_fonts": {"body": "Lora"}})
    style = themes.site_theme(actor=owner, site_id=site_id).style
    assert style["colors"]["primary"] == "#123456" and style["fonts"]["body"] == "Lora"


def test_a_premium_theme_on_a_lower_plan_names_the_plan_it_needs(kit, themes, owner, site_id):
    with pytest.raises(PermissionDenied) as error:
        themes.update_site_theme(actor=owner, site_id=site_id, theme_id="thm_aurora")
    assert error.value.code == "feature_not_in_plan"
    assert error.value.fields["required_tier"] == ["GROWTH"]
    kit.set_tier(owner, "GROWTH")
    assert themes.update_site_theme(actor=owner, site_id=site_id,
                                    theme_id="thm_aurora").theme.id == "thm_aurora"
    with pytest.raises(PermissionDenied) as error:
        themes.update_site_theme(actor=owner, site_id=site_id, theme_id="thm_atelier")
    assert error.value.fields["required_tier"] == ["PROFESSIONAL"]
    assert usage(kit, "thm_atelier") == 0


def test_choices_the_theme_does_not_offer_are_refused(themes, owner, site_id):
    with pytest.raises(ValidationFailed) as error:
        themes.update_site_theme(actor=owner, site_id=site_id, theme_id="thm_minimal",
                                 settings={"color_scheme": "sepia"})
    assert error.value.code == "invalid_theme_setting" and "color_scheme" in error.value.fields
    assert themes.site_theme(actor=owner, site_id=site_id).theme.slug == "classic"


def test_choices_a_new_theme_lacks_are_dropped(themes, owner, site_id):
    themes.update_site_theme(actor=owner, site_id=site_id, theme_id="thm_classic",
                             settings={"color_scheme": "sepia", "layout": "sidebar"})
    moved = themes.update_site_theme(actor=owner, site_id=site_id, theme_id="thm_minimal")
    assert moved.settings == {}


def test_a_preview_merges_without_saving(kit, themes, owner, site_id):
    preview = themes.preview_site_theme(
        actor=owner, site_id=site_id, theme_id="thm_atelier",
        settings={"color_scheme": "sepia"}, colors={"primary_color": "#abcdef"})
    assert preview.theme.id == "thm_atelier" and preview.available is False
    assert preview.style["colors"]["primary"] == "#ABCDEF"
    assert preview.style["colors"]["background"] == "#F4ECD8"
    assert themes.site_theme(actor=owner, site_id=site_id).theme.slug == "classic"
    assert kit.stored_site(site_id).primary_color is None


def test_a_preview_refuses_bad_colors_and_choices(themes, owner, site_id):
    with pytest.raises(ValidationFailed) as error:
        themes.preview_site_theme(actor=owner, site_id=site_id, colors={"accent_color": "blue"})
    assert "accent_color" in error.value.fields
    with pytest.raises(ValidationFailed):
        themes.preview_site_theme(actor=owner, site_id=site_id, settings={"layout": "grid"})


def test_analysts_see_the_theme_but_do_not_change_it(kit, themes, site_id):
    analyst = kit.user()
    kit.join(site_id, analyst, CollaboratorRole.ANALYST)
    assert themes.site_theme(actor=analyst, site_id=site_id)
    with pytest.raises(PermissionDenied):
        themes.update_site_theme(actor=analyst, site_id=site_id, theme_id="thm_minimal")
    with pytest.raises(NotFound):
        themes.site_theme(actor=kit.user(), site_id=site_id)
