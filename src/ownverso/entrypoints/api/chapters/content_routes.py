"""A chapter's text and its autosave."""

from dependency_injector.wiring import Provide, inject
from flask.views import MethodView

from ownverso.entrypoints.api.chapters.blueprint import blp
from ownverso.entrypoints.api.chapters.content_schemas import (
    ChapterAutosaveSchema,
    ChapterAutosaveUpdateSchema,
    ChapterContentSchema,
    ChapterContentUpdateSchema,
)
from ownverso.entrypoints.api.common.smorest import actor
from ownverso.services.publishing.chapter_content import ChapterContentService


@blp.route("/<chapter_id>/content")
class Content(MethodView):
    @blp.login_required
    @blp.response(200, ChapterContentSchema)
    @inject
    def get(self, chapter_id: str,
            content: ChapterContentService = Provide["chapter_content"]):
        """The text: Markdown and its sanitized HTML"""
        return content.content(actor=actor(), chapter_id=chapter_id)

    @blp.login_required
    @blp.arguments(ChapterContentUpdateSchema)
    @blp.response(200, ChapterContentSchema)
    @inject
    def put(self, body, chapter_id: str,
            content: ChapterContentService = Provide["chapter_content"]):
        """Replace the text (Markdown; rendered and sanitized); a changed text becomes a new
        version with the change note, and the autosave is dropped"""
        return content.save(actor=actor(), chapter_id=chapter_id, **body)


@blp.route("/<chapter_id>/autosave")
class Autosave(MethodView):
    @blp.login_required
    @blp.response(200, ChapterAutosaveSchema)
    @inject
    def get(self, chapter_id: str,
            content: ChapterContentService = Provide["chapter_content"]):
        """The autosaved draft, if any (kept apart from the saved text)"""
        return content.autosave(actor=actor(), chapter_id=chapter_id)

    @blp.login_required
    @blp.arguments(ChapterAutosaveUpdateSchema)
    @blp.response(200, ChapterAutosaveSchema)
    @inject
    def post(self, body, chapter_id: str,
             content: ChapterContentService = Provide["chapter_content"]):
        """Autosave a draft of the text (no version; the saved text is untouched)"""
        return content.save_autosave(actor=actor(), chapter_id=chapter_id, **body)

    @blp.login_required
    @blp.response(204)
    @inject
    def delete(self, chapter_id: str,
               content: ChapterContentService = Provide["chapter_content"]):
        """Discard the autosave"""
        content.clear_autosave(actor=actor(), chapter_id=chapter_id)
