"""What readers get of a published chapter."""

import marshmallow as ma

from ownverso.domain.publishing.chapter_values import AuthorNotePosition
from ownverso.domain.publishing.values import ChapterAccessLevel
from ownverso.entrypoints.api.common.smorest import Schema

Str, Int, Enum, DT = ma.fields.String, ma.fields.Integer, ma.fields.Enum, ma.fields.DateTime


class PublicChapterCardSchema(Schema):
    """A published chapter as readers' lists show it."""

    id, series_id, slug = Str(), Str(), Str()
    title = Str(allow_none=True)
    chapter_number, volume_number = ma.fields.Float(), Int(allow_none=True)
    word_count, access_level = Int(), Enum(ChapterAccessLevel)
    published_at = DT()
    is_purchasable = ma.fields.Function(lambda c: c.price is not None and c.price > 0)


class ChapterPageSchema(Schema):
    """A page of a comic chapter; ``url`` and ``thumbnail_url`` are signed links valid for a
    few minutes (ask /read again for new ones)."""

    id, position = Str(), Int()
    width, height = Int(allow_none=True), Int(allow_none=True)
    alt_text = Str(allow_none=True)
    url, thumbnail_url = Str(), Str(allow_none=True)


class PageLinkArgsSchema(Schema):
    """What a signed page link carries besides the ids."""

    expires, signature = Str(), Str()


PAGES = {"description": "Comics: every page when access is granted, else the first "
                        "preview_paragraphs pages (for comics they count pages); none for text"}


class PublicChapterSchema(PublicChapterCardSchema):
    """A published chapter; the text only when the paywall grants it to this viewer."""

    is_locked = ma.fields.Boolean()
    content_html = Str(allow_none=True)
    author_note_html = Str(allow_none=True)
    author_note_position = Enum(AuthorNotePosition)
    price, currency = Int(allow_none=True), Str()
    paywall_message = Str(allow_none=True)
    free_at = DT(allow_none=True)
    pages = ma.fields.List(ma.fields.Nested(ChapterPageSchema), metadata=PAGES)
