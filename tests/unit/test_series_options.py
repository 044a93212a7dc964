"""Series settings, paywall, schedule and images on the memory suite."""

import io

import pytest
from PIL import Image

from ownverso.domain.publishing.values import ChapterAccessLevel
from ownverso.domain.sites.values import CollaboratorRole
from ownverso.services.errors import PayloadTooLarge, PermissionDenied, ValidationFailed
from tests.support.series import World, png


@pytest.fixture
def world():
    return World()


@pytest.fixture
def owner(world):
    return world.user()


@pytest.fixture
def site(world, owner):
    return world.site(owner)


@pytest.fixture
def series(world, owner, site):
    return world.container.series().create(actor=owner, site_id=site.id,
                                           fields={"title": "Keeper"})


@pytest.fixture
def options(world):
    return world.container.series_options()


def test_settings_read_with_defaults_and_merge_known_keys(owner, series, options):
    assert options.settings(actor=owner, series_id=series.id)["allow_comments"] is True
    changed = options.update_settings(actor=owner, series_id=series.id,
                                      changes={"allow_comments": False,
                                               "chapter_order": "desc"})
    assert changed["allow_comments"] is False and changed["chapter_order"] == "desc"
    assert changed["show_word_count"] is True


@pytest.mark.parametrize("changes", [{"nope": True}, {"allow_comments": "yes"},
                                     {"chapter_order": "sideways"}])
def test_unknown_settings_and_wrong_types_are_refused(owner, series, options, changes):
    with pytest.raises(ValidationFailed):
        options.update_settings(actor=owner, series_id=series.id, changes=changes)


def test_the_paywall_is_stored_within_its_bounds(owner, series, options):
    paywall = options.update_paywall(actor=owner, series_id=series.id, changes={
        "default_access_level": "SUBSCRIBERS", "early_access_days": 90,
        "preview_paragraphs": 0, "paywall_message": "  Join us  "})
    assert paywall == {"default_access_level": ChapterAccessLevel.SUBSCRIBERS,
                       "early_access_days": 90, "preview_paragraphs": 0,
                       "paywall_message": "Join us"}


@pytest.mark.parametrize("changes", [{"early_access_days": 91}, {"early_access_days": -1},
                                     {"preview_paragraphs": 21},
                                     {"paywall_message": "x" * 2001},
                                     {"default_access_level": "EVERYONE"}])
def test_paywall_values_out_of_bounds_are_refused(owner, series, options, changes):
    with pytest.raises(ValidationFailed):
        options.update_paywall(actor=owner, series_id=series.id, changes=changes)


def test_the_schedule_keeps_weekdays_sorted_once(owner, series, options):
    schedule = options.update_schedule(actor=owner, series_id=series.id, changes={
        "update_days": [4, 0, 4], "update_schedule": "Mondays and Fridays"})
    assert schedule["update_days"] == [0, 4]
    assert schedule["update_schedule"] == "Mondays and Fridays"
    for bad in ({"update_days": [7]}, {"update_schedule": "x" * 201}):
        with pytest.raises(ValidationFailed):
            options.update_schedule(actor=owner, series_id=series.id, changes=bad)


def test_an_analyst_reads_options_but_cannot_change_them(world, site, series, options):
    analyst = world.collaborator(site, CollaboratorRole.ANALYST)
    assert options.paywall(actor=analyst, series_id=series.id)["early_access_days"] == 0
    with pytest.raises(PermissionDenied):
        options.update_schedule(actor=analyst, series_id=series.id, changes={})
    with pytest.raises(PermissionDenied):
        options.set_image(actor=analyst, series_id=series.id, kind="cover", data=png())


def test_images_are_reencoded_scaled_and_replace_the_old_file(world, owner, series, options):
    storage = world.container.storage()
    first = options.set_image(actor=owner, series_id=series.id, kind="banner",
                              data=png(5000, 1000))
    second = options.set_image(actor=owner, series_id=series.id, kind="banner", data=png())

    assert not storage.exists(first.banner_image_key)
    with Image.open(io.BytesIO(storage.read(second.banner_image_key))) as image:
        assert image.format == "WEBP"
    removed = options.remove_image(actor=owner, series_id=series.id, kind="banner")
    assert removed.banner_image_url is None and not storage.exists(second.banner_image_key)


def test_a_scaled_image_fits_its_box(world, owner, series, options):
    stored = options.set_image(actor=owner, series_id=series.id, kind="thumbnail",
                               data=png(2000, 1000))
    with Image.open(io.BytesIO(world.container.storage().read(stored.thumbnail_key))) as image:
        assert image.size == (400, 200)


def test_files_that_are_not_images_or_too_big_are_refused(owner, series, options):
    with pytest.raises(ValidationFailed) as refused:
        options.set_image(actor=owner, series_id=series.id, kind="cover",
                          data=b"<svg onload=alert(1)>")
    assert refused.value.code == "invalid_image"
    small = type(options)(uow=options.uow, clock=options.clock, storage=options.storage,
                          max_image_bytes=100)
    with pytest.raises(PayloadTooLarge):
        small.set_image(actor=owner, series_id=series.id, kind="cover", data=png())
