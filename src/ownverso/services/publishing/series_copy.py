"""What a duplicated series takes along: its own copies of the image files (so deleting one
series' cover never removes the other's) and its genres, tags and warnings."""

from datetime import datetime

from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.taxonomy import SeriesContentWarning, SeriesGenre, SeriesTag
from ownverso.services.identity.secrets import new_token
from ownverso.services.ports import FileStorage, IdGenerator, UnitOfWork

IMAGE_FIELDS = (("cover", "cover_image_url", "cover_image_key"),
                ("banner", "banner_image_url", "banner_image_key"),
                ("thumbnail", "thumbnail_url", "thumbnail_key"))


def image_key(series_id: str, kind: str) -> str:
    return f"series/{series_id}/{kind}-{new_token(9)}.webp"


def copy_images(storage: FileStorage, source: Series, copy: Series) -> list[str]:
    """Copy each image file of ``source`` for ``copy``; returns the keys written."""
    saved = []
    for kind, url_field, key_field in IMAGE_FIELDS:
        old_key = getattr(source, key_field)
        setattr(copy, url_field, None)
        setattr(copy, key_field, None)
        if not old_key:
            continue
        try:
            data = storage.read(old_key)
        except FileNotFoundError:
            continue
        stored = storage.save(image_key(copy.id, kind), data, content_type="image/webp")
        saved.append(stored.key)
        setattr(copy, url_field, stored.url)
        setattr(copy, key_field, stored.key)
    return saved


def copy_taxonomy(uow: UnitOfWork, ids: IdGenerator, source_id: str, copy_id: str, *,
                  now: datetime) -> None:
    """Three reads and the inserts, whatever the numbers; tag usage counts go up."""
    for link in uow.series_genres.list(series_id=source_id):
        uow.series_genres.add(SeriesGenre(id=ids.new_id("sgn"), series_id=copy_id,
                                          genre_id=link.genre_id, is_primary=link.is_primary,
                                          created_at=now))
    tag_links = uow.series_tags.list(series_id=source_id)
    for link in tag_links:
        uow.series_tags.add(SeriesTag(id=ids.new_id("stg"), series_id=copy_id,
                                      tag_id=link.tag_id, created_at=now))
    if tag_links:
        for tag in uow.tags.list(id__in=[link.tag_id for link in tag_links]):
            tag.used(+1)
    for link in uow.series_content_warnings.list(series_id=source_id):
        uow.series_content_warnings.add(SeriesContentWarning(
            id=ids.new_id("scw"), series_id=copy_id, warning_id=link.warning_id,
            created_at=now))
