"""Chapter import and export through the services, on the in-memory suite: jobs with a status,
all-or-nothing imports, exports saved through the storage port, and who may do what."""

import io
import zipfile

import docx
import pytest

from ownverso.container import build_container
from ownverso.domain.publishing.chapter_values import ChapterStatus
from ownverso.domain.publishing.jobs import ExportFormat, ExportJob, JobStatus
from ownverso.domain.publishing.series import Series
from ownverso.domain.sites.collaborator import Collaborator
from ownverso.domain.sites.site import Site
from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus
from ownverso.entrypoints.bootstrap import wire
from ownverso.services.context import Actor
from ownverso.services.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories.identity import UserFactory

MARKDOWN = "# The Arrival\n\nShe came by *night*.\n\n# The Storm\n\nRain <script>x</script>.\n"


@pytest.fixture
def container():
    container = build_container(env="test")
    wire(container)  # the inline job queue runs the wired job functions
    return container


@pytest.fixture
def users(container):
    made = {name: UserFactory(username=name, display_name=name.title())
            for name in ("owner", "analyst", "editor", "stranger")}
    with container.uow() as uow:
        for user in made.values():
            uow.users.add(user)
        uow.commit()
    return made


@pytest.fixture
def series_id(container, users):
    """A web-novel series on the owner's site, with an EDITOR and an ANALYST on the team."""
    now = container.clock().now()
    owner = users["owner"]
    with container.uow() as uow:
        uow.sites.add(Site(id="site_1", author_id=owner.id, slug="lighthouse",
                           name="The Lighthouse", created_at=now, updated_at=now))
        uow.series.add(Series(id="ser_1", author_id=owner.id, site_id="site_1", slug="glass",
                              title="The Glass Road", synopsis="A road of glass.",
                              created_at=now, updated_at=now))
        for name, role in (("editor", CollaboratorRole.EDITOR),
                           ("analyst", CollaboratorRole.ANALYST)):
            uow.collaborators.add(Collaborator(
                id=f"col_{name}", site_id="site_1", user_id=users[name].id, role=role,
                invite_email=users[name].email, status=CollaboratorStatus.ACTIVE,
                invited_by_id=owner.id, invited_at=now, expires_at=now, created_at=now,
                updated_at=now))
        uow.commit()
    return "ser_1"


def actor(user) -> Actor:
    return Actor(user_id=user.id, session_id="ses_test", role=user.role)


def chapters_of(container, series_id):
    with container.uow() as uow:
        return uow.chapters.list(series_id=series_id, order_by=["sort_order"])


def word_file(*titles: str) -> bytes:
    document = docx.Document()
    for title in titles:
        document.add_heading(title, level=1)
        document.add_paragraph(f"The text of {title}.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- imports ----------------------------------------------------------------------------------
def test_a_markdown_import_creates_draft_chapters_with_a_first_version(container, users,
                                                                        series_id):
    job = container.chapter_imports().import_markdown(actor=actor(users["owner"]),
                                                      series_id=series_id, markdown=MARKDOWN)
    assert job.status == JobStatus.COMPLETED and job.progress == 100
    chapters = chapters_of(container, series_id)
    assert job.result["chapter_ids"] == [c.id for c in chapters]
    assert [(c.title, c.slug, c.chapter_number, c.status) for c in chapters] == [
        ("The Arrival", "the-arrival", 1.0, ChapterStatus.DRAFT),
        ("The Storm", "the-storm", 2.0, ChapterStatus.DRAFT)]
    assert "<script" not in chapters[1].content_html and chapters[0].word_count == 4
    with container.uow() as uow:
        versions = uow.chapter_versions.list(chapter_id=chapters[0].id)
        assert [(v.version_number, v.change_note) for v in versions] == [
            (1, "Imported from markdown")]
        assert uow.series.get(series_id).chapter_count == 2


def test_imported_chapters_come_after_the_existing_ones_with_free_slugs(container, users,
                                                                        series_id):
    imports = container.chapter_imports()
    imports.import_markdown(actor=actor(users["owner"]), series_id=series_id, markdown=MARKDOWN)
    job = imports.import_word(actor=actor(users["editor"]), series_id=series_id,
                              data=word_file("The Arrival", "Epilogue"), filename="book.docx")
    assert job.status == JobStatus.COMPLETED
    chapters = chapters_of(container, series_id)
    assert [(c.slug, c.chapter_number) for c in chapters[2:]] == [
        ("the-arrival-2", 3.0), ("epilogue", 4.0)]
    assert chapters[3].content == "The text of Epilogue.\n"


def test_any_file_is_told_apart_by_its_content(container, users, series_id):
    imports, owner = container.chapter_imports(), actor(users["owner"])
    kinds = [imports.import_file(actor=owner, series_id=series_id, data=data,
                                 filename="misleading.txt").format.value
             for data in (word_file("One"), b"<html><body><h1>Two</h1><p>x</p></body></html>",
                          b"# Three\n\ntext")]
    assert kinds == ["DOCX", "HTML", "MARKDOWN"]
    assert [c.title for c in chapters_of(container, series_id)] == ["One", "Two", "Three"]
    with pytest.raises(ValidationFailed) as refused:
        imports.import_file(actor=owner, series_id=series_id, data=b"%PDF-1.4 binary")
    assert refused.value.code == "unsupported_document"


def test_an_import_over_the_chapter_limit_creates_nothing_and_fails_with_the_limit(
        container, users, series_id):
    with container.uow() as uow:
        uow.tier_limits.get_by(tier="FREE").max_chapters_per_series = 1
        uow.commit()
    job = container.chapter_imports().import_markdown(actor=actor(users["owner"]),
                                                      series_id=series_id, markdown=MARKDOWN)
    assert job.status == JobStatus.FAILED
    assert job.error_code == "max_chapters_per_series_exceeded"
    assert chapters_of(container, series_id) == []


def test_an_unreadable_word_file_fails_the_job_and_its_upload_is_removed(container, users,
                                                                         series_id):
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", "<broken")
    job = container.chapter_imports().import_word(actor=actor(users["owner"]),
                                                  series_id=series_id, data=broken.getvalue())
    assert (job.status, job.error_code) == (JobStatus.FAILED, "invalid_docx")
    assert not container.storage().exists(job.source_key)
    assert chapters_of(container, series_id) == []


def test_a_job_delivered_twice_runs_once(container, users, series_id):
    imports = container.chapter_imports()
    job = imports.import_markdown(actor=actor(users["owner"]), series_id=series_id,
                                  markdown=MARKDOWN)
    assert imports.run(job_id=job.id) == "COMPLETED"
    assert len(chapters_of(container, series_id)) == 2


def test_bad_requests_are_refused_before_any_job(container, users, series_id):
    imports, owner = container.chapter_imports(), actor(users["owner"])
    with pytest.raises(ValidationFailed) as refused:
        imports.import_markdown(actor=owner, series_id=series_id, markdown="x", split_on="h9")
    assert refused.value.code == "invalid_split_on"
    with pytest.raises(ValidationFailed) as refused:
        imports.import_word(actor=owner, series_id=series_id, data=b"# not word")
    assert refused.value.code == "not_a_docx"
    with pytest.raises(ValidationFailed):
        imports.import_markdown(actor=owner, series_id=series_id, markdown="   \n")
    with container.uow() as uow:
        assert uow.import_jobs.count() == 0


def test_importing_needs_content_write_and_strangers_see_nothing(container, users, series_id):
    imports = container.chapter_imports()
    with pytest.raises(PermissionDenied):
        imports.import_markdown(actor=actor(users["analyst"]), series_id=series_id,
                                markdown=MARKDOWN)
    with pytest.raises(NotFound):
        imports.import_markdown(actor=actor(users["stranger"]), series_id=series_id,
                                markdown=MARKDOWN)
    job = imports.import_markdown(actor=actor(users["owner"]), series_id=series_id,
                                  markdown=MARKDOWN)
    assert imports.get_job(actor=actor(users["editor"]), job_id=job.id).id == job.id
    with pytest.raises(NotFound) as hidden:
        imports.get_job(actor=actor(users["stranger"]), job_id=job.id)
    assert hidden.value.code == "job_not_found"


# -- exports ----------------------------------------------------------------------------------
def test_a_series_export_job_saves_the_file_through_storage(container, users, series_id):
    container.chapter_imports().import_markdown(actor=actor(users["owner"]),
                                                series_id=series_id, markdown=MARKDOWN)
    exports = container.chapter_exports()
    job = exports.request_series_export(actor=actor(users["analyst"]), series_id=series_id,
                                        format="epub")
    assert job.status == JobStatus.COMPLETED
    assert job.result["filename"] == "glass.epub" and job.result["chapters"] == 2
    stored = container.storage().read(job.result["storage_key"])
    assert stored[:2] == b"PK" and len(stored) == job.result["size_bytes"]
    downloaded = exports.download(actor=actor(users["owner"]), job_id=job.id)
    assert downloaded.data == stored and downloaded.content_type == "application/epub+zip"
    with pytest.raises(NotFound):
        exports.download(actor=actor(users["stranger"]), job_id=job.id)


def test_published_only_exports_leave_drafts_out(container, users, series_id):
    container.chapter_imports().import_markdown(actor=actor(users["owner"]),
                                                series_id=series_id, markdown=MARKDOWN)
    first = chapters_of(container, series_id)[0]
    container.chapter_publishing().publish(actor=actor(users["owner"]), chapter_id=first.id)
    file = container.chapter_exports().export_series_now(
        actor=actor(users["owner"]), series_id=series_id, format="markdown",
        published_only=True)
    text = file.data.decode()
    assert file.filename == "glass.md" and "# The Arrival" in text and "Storm" not in text


def test_a_download_before_the_export_finished_is_a_conflict(container, users, series_id):
    with container.uow() as uow:
        uow.export_jobs.add(ExportJob(id="exp_pending", site_id="site_1", series_id=series_id,
                                      requested_by=users["owner"].id, format=ExportFormat.TXT,
                                      created_at=container.clock().now()))
        uow.commit()
    with pytest.raises(Conflict) as refused:
        container.chapter_exports().download(actor=actor(users["owner"]), job_id="exp_pending")
    assert refused.value.code == "export_not_ready"


def test_a_chapter_exports_in_each_format_and_unknown_formats_are_refused(container, users,
                                                                          series_id):
    container.chapter_imports().import_markdown(actor=actor(users["owner"]),
                                                series_id=series_id, markdown=MARKDOWN)
    chapter = chapters_of(container, series_id)[0]
    exports, reader = container.chapter_exports(), actor(users["analyst"])
    listed = exports.chapter_formats(actor=reader, chapter_id=chapter.id)
    assert [f["format"] for f in listed["formats"]] == ["epub", "markdown", "txt"]
    text = exports.export_chapter(actor=reader, chapter_id=chapter.id, format="txt")
    assert text.filename == "glass-the-arrival.txt"
    assert "The Arrival\n===========\n\nShe came by night." in text.data.decode()
    with pytest.raises(ValidationFailed) as refused:
        exports.export_chapter(actor=reader, chapter_id=chapter.id, format="pdf")
    assert refused.value.code == "unsupported_format"
    with pytest.raises(NotFound):
        exports.export_chapter(actor=actor(users["stranger"]), chapter_id=chapter.id,
                               format="epub")


def test_large_series_are_not_exported_at_once(container, users, series_id, monkeypatch):
    from ownverso.services.publishing import exporting

    monkeypatch.setattr(exporting, "SYNC_MAX_CHAPTERS", 1)
    container.chapter_imports().import_markdown(actor=actor(users["owner"]),
                                                series_id=series_id, markdown=MARKDOWN)
    with pytest.raises(ValidationFailed) as refused:
        container.chapter_exports().export_series_now(actor=actor(users["owner"]),
                                                      series_id=series_id, format="epub")
    assert refused.value.code == "too_large_for_sync"


def test_an_export_of_a_deleted_series_fails_its_job(container, users, series_id):
    exports = container.chapter_exports()
    with container.uow() as uow:
        uow.export_jobs.add(ExportJob(id="exp_1", site_id="site_1", series_id=series_id,
                                      requested_by=users["owner"].id, format=ExportFormat.EPUB,
                                      created_at=container.clock().now()))
        uow.series.get(series_id).deleted_at = container.clock().now()
        uow.commit()
    assert exports.run(job_id="exp_1") == "FAILED"
    with container.uow() as uow:
        assert uow.export_jobs.get("exp_1").error_code == "series_not_found"
