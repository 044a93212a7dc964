"""Chapter import and export over HTTP: an author imports a .docx and exports the series as a
valid EPUB 3, on the in-memory suite and on Postgres; jobs are read through their status
endpoints; other authors get 404 everywhere."""

import io
import zipfile
from xml.etree import ElementTree

import docx
import pytest

from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.values import ContentType
from tests.support.api import sign_up_and_in
from tests.support.sites import author_with_site

OPF = {"opf": "http://www.idpf.org/2007/opf", "x": "http://www.w3.org/1999/xhtml"}


def add_series(client, site_id: str, author_id: str, *, slug: str = "glass-road",
               content_type: ContentType = ContentType.WEB_NOVEL) -> str:
    container = client.application.container
    now = container.clock().now()
    series = Series(id=f"ser_{slug.replace('-', '_')}_{site_id[-6:]}", author_id=author_id,
                    site_id=site_id, slug=slug, title="The Glass Road",
                    synopsis="A road made of glass.", content_type=content_type,
                    created_at=now, updated_at=now)
    with container.uow() as uow:
        uow.series.add(series)
        uow.commit()
    return series.id


def word_file(*titles: str) -> bytes:
    document = docx.Document()
    document.add_paragraph("The Glass Road", style="Title")
    for title in titles:
        document.add_heading(title, level=1)
        paragraph = document.add_paragraph("She walked ")
        paragraph.add_run("fast").bold = True
        paragraph.add_run(f" through {title}.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(params=["memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_client(request):
    return request.getfixturevalue("client" if request.param == "memory" else "pg_client")


@pytest.fixture
def author(any_client):
    mailer = any_client.application.container.mailer()
    owner, site_id = author_with_site(any_client, mailer, email="mira@example.com",
                                      username="mira")
    return owner, add_series(any_client, site_id, owner.user["id"])


def upload(data: bytes, name: str = "book.docx") -> dict:
    return {"file": (io.BytesIO(data), name)}


def check_epub(data: bytes, chapter_titles: list[str]) -> None:
    """A valid EPUB 3: stored mimetype first, container, OPF 3.0 with dcterms:modified, a nav
    document, and each chapter well-formed XHTML."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    first = archive.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert archive.read("mimetype") == b"application/epub+zip"
    container = archive.read("META-INF/container.xml").decode()
    assert 'full-path="OEBPS/content.opf"' in container
    opf = ElementTree.fromstring(archive.read("OEBPS/content.opf"))
    assert opf.get("version") == "3.0"
    assert opf.find(".//opf:meta[@property='dcterms:modified']", OPF).text.endswith("Z")
    nav_item = opf.find(".//opf:item[@properties='nav']", OPF)
    nav = ElementTree.fromstring(archive.read(f"OEBPS/{nav_item.get('href')}"))
    assert [a.text for a in nav.iter(f"{{{OPF['x']}}}a")][1:] == chapter_titles
    for item in opf.iterfind(".//opf:item[@media-type='application/xhtml+xml']", OPF):
        ElementTree.fromstring(archive.read(f"OEBPS/{item.get('href')}"))


# -- the done-means scenario, on both suites -----------------------------------------------------
def test_an_author_imports_a_docx_and_exports_the_series_as_epub(any_client, author):
    owner, series_id = author
    response = any_client.post(f"/api/v1/series/{series_id}/chapters/import/word",
                               headers=owner.headers,
                               data=upload(word_file("Dust", "Rain", "Glass")))
    assert response.status_code == 202, response.json
    job = any_client.get(response.json["status_url"], headers=owner.headers)
    assert job.status_code == 200
    assert (job.json["status"], job.json["format"], job.json["progress"]) == (
        "COMPLETED", "DOCX", 100)
    assert job.json["result"]["title"] == "The Glass Road" and len(job.json["chapter_ids"]) == 3
    with any_client.application.container.uow() as uow:
        chapters = [uow.chapters.get(i) for i in job.json["chapter_ids"]]
    assert [c.title for c in chapters] == ["Dust", "Rain", "Glass"]
    assert chapters[0].content == "She walked **fast** through Dust.\n"
    assert "<strong>fast</strong>" in chapters[0].content_html

    export = any_client.get(f"/api/v1/series/{series_id}/chapters/export?format=epub",
                            headers=owner.headers)
    assert export.status_code == 202, export.json
    status = any_client.get(f"/api/v1/export-jobs/{export.json['id']}", headers=owner.headers)
    assert status.json["status"] == "COMPLETED" and status.json["result"]["chapters"] == 3
    download = any_client.get(status.json["download_url"], headers=owner.headers)
    assert download.status_code == 200
    assert download.mimetype == "application/epub+zip"
    assert download.headers["Content-Disposition"] == 'attachment; filename=glass-road.epub'
    check_epub(download.data, ["Dust", "Rain", "Glass"])


# -- imports ----------------------------------------------------------------------------------
def test_markdown_google_docs_and_any_file_imports(client, mailer):
    owner, site_id = author_with_site(client, mailer, email="mira@example.com", username="mira")
    series_id = add_series(client, site_id, owner.user["id"])
    base = f"/api/v1/series/{series_id}/chapters/import"
    markdown = client.post(f"{base}/markdown", headers=owner.headers,
                           json={"markdown": "# A\n\nx\n\n## B\n\ny", "split_on": "h2"})
    assert markdown.status_code == 202 and len(markdown.json["chapter_ids"]) == 2
    html = ('<html><body><h1><span style="font-weight:700">C</span></h1><p><span '
            'style="font-style:italic">z</span></p></body></html>')
    as_json = client.post(f"{base}/google-docs", headers=owner.headers, json={"html": html})
    assert as_json.status_code == 202 and as_json.json["format"] == "HTML"
    as_file = client.post(f"{base}/google-docs?split_on=none", headers=owner.headers,
                          data=upload(html.encode(), "doc.html"))
    assert as_file.status_code == 202 and as_file.json["split_on"] == "none"
    anything = client.post(base, headers=owner.headers, data=upload(word_file("D"), "d.txt"))
    assert anything.status_code == 202 and anything.json["format"] == "DOCX"
    with client.application.container.uow() as uow:
        titles = [c.title for c in uow.chapters.list(series_id=series_id,
                                                     order_by=["sort_order"])]
    assert titles == [None, "B", "C", None, "D"]  # split_on=none: the whole file, untitled


def test_bad_imports_are_refused_or_fail_their_job(client, mailer):
    owner, site_id = author_with_site(client, mailer, email="mira@example.com", username="mira")
    series_id = add_series(client, site_id, owner.user["id"])
    base = f"/api/v1/series/{series_id}/chapters/import"
    not_word = client.post(f"{base}/word", headers=owner.headers, data=upload(b"# hello"))
    assert not_word.status_code == 422 and not_word.json["error"] == "not_a_docx"
    assert "file" in not_word.json["errors"]["files"]
    binary = client.post(base, headers=owner.headers, data=upload(b"%PDF-1.4", "a.pdf"))
    assert binary.status_code == 422 and binary.json["error"] == "unsupported_document"
    missing = client.post(f"{base}/markdown", headers=owner.headers, json={})
    assert missing.status_code == 422 and "markdown" in missing.json["errors"]["json"]
    split = client.post(f"{base}/markdown", headers=owner.headers,
                        json={"markdown": "x", "split_on": "h9"})
    assert split.status_code == 422 and split.json["error"] == "invalid_split_on"
    empty = client.post(f"{base}/word?split_on=h1", headers=owner.headers,
                        data=upload(word_file()))
    assert empty.status_code == 202
    assert (empty.json["status"], empty.json["error_code"]) == ("FAILED", "empty_document")
    assert client.get(f"{base}/google-docs", headers=owner.headers).status_code == 405


def test_an_analyst_may_export_but_not_import(client, mailer):
    owner, site_id = author_with_site(client, mailer, email="mira@example.com", username="mira")
    series_id = add_series(client, site_id, owner.user["id"])
    analyst = sign_up_and_in(client, mailer, email="ana@example.com", username="ana")
    invited = client.post(f"/api/v1/sites/{site_id}/collaborators", headers=owner.headers,
                          json={"email": "ana@example.com", "role": "ANALYST"})
    assert invited.status_code == 201, invited.json
    from tests.support.api import token_from

    token = token_from(mailer.last_to("ana@example.com").text)
    accepted = client.post(f"/api/v1/collaborator-invites/{token}/accept",
                           headers=analyst.headers)
    assert accepted.status_code == 200, accepted.json
    refused = client.post(f"/api/v1/series/{series_id}/chapters/import/markdown",
                          headers=analyst.headers, json={"markdown": "# A"})
    assert refused.status_code == 403 and refused.json["error"] == "missing_permission"
    exported = client.get(f"/api/v1/series/{series_id}/chapters/export?format=txt&sync=true",
                          headers=analyst.headers)
    assert exported.status_code == 200 and exported.data.startswith(b"The Glass Road\nby ")


# -- exports ----------------------------------------------------------------------------------
def test_sync_exports_and_single_chapter_exports_return_files(client, mailer):
    owner, site_id = author_with_site(client, mailer, email="mira@example.com", username="mira")
    series_id = add_series(client, site_id, owner.user["id"])
    job = client.post(f"/api/v1/series/{series_id}/chapters/import/markdown",
                      headers=owner.headers, json={"markdown": "# One\n\nFirst.\n\n# Two\n\nB."})
    chapter_id = job.json["chapter_ids"][0]
    markdown = client.get(f"/api/v1/series/{series_id}/chapters/export?format=markdown&sync=1",
                          headers=owner.headers)
    assert markdown.status_code == 200 and markdown.mimetype == "text/markdown"
    assert b"# One\n\nFirst.\n\n# Two" in markdown.data
    listed = client.get(f"/api/v1/chapters/{chapter_id}/export", headers=owner.headers)
    assert [f["format"] for f in listed.json["formats"]] == ["epub", "markdown", "txt"]
    epub = client.get(f"/api/v1/chapters/{chapter_id}/export/epub", headers=owner.headers)
    assert epub.status_code == 200
    assert epub.headers["Content-Disposition"] == "attachment; filename=glass-road-one.epub"
    check_epub(epub.data, ["One"])
    text = client.get(f"/api/v1/chapters/{chapter_id}/export/txt", headers=owner.headers)
    assert text.mimetype == "text/plain" and b"One\n===\n\nFirst." in text.data
    unknown = client.get(f"/api/v1/chapters/{chapter_id}/export/pdf", headers=owner.headers)
    assert unknown.status_code == 422 and unknown.json["error"] == "unsupported_format"
    bad = client.get(f"/api/v1/series/{series_id}/chapters/export?format=pdf",
                     headers=owner.headers)
    assert bad.status_code == 422


# -- who may -----------------------------------------------------------------------------------
def test_another_author_gets_404_on_every_import_and_export_endpoint(client, mailer):
    owner, site_id = author_with_site(client, mailer, email="mira@example.com", username="mira")
    series_id = add_series(client, site_id, owner.user["id"])
    imported = client.post(f"/api/v1/series/{series_id}/chapters/import/markdown",
                           headers=owner.headers, json={"markdown": "# One\n\nx"})
    chapter_id = imported.json["chapter_ids"][0]
    exported = client.get(f"/api/v1/series/{series_id}/chapters/export", headers=owner.headers)
    other, _ = author_with_site(client, mailer, email="other@example.com", username="other")
    h = other.headers
    calls = [
        client.post(f"/api/v1/series/{series_id}/chapters/import", headers=h,
                    data=upload(b"# A")),
        client.post(f"/api/v1/series/{series_id}/chapters/import/markdown", headers=h,
                    json={"markdown": "# A"}),
        client.post(f"/api/v1/series/{series_id}/chapters/import/word", headers=h,
                    data=upload(word_file("A"))),
        client.post(f"/api/v1/series/{series_id}/chapters/import/google-docs", headers=h,
                    json={"html": "<p>a</p>"}),
        client.get(f"/api/v1/series/{series_id}/chapters/export", headers=h),
        client.get(f"/api/v1/series/{series_id}/chapters/export?sync=true", headers=h),
        client.get(f"/api/v1/chapters/{chapter_id}/export", headers=h),
        client.get(f"/api/v1/chapters/{chapter_id}/export/epub", headers=h),
        client.get(f"/api/v1/import-jobs/{imported.json['id']}", headers=h),
        client.get(f"/api/v1/export-jobs/{exported.json['id']}", headers=h),
        client.get(f"/api/v1/export-jobs/{exported.json['id']}/download", headers=h),
    ]
    assert [c.status_code for c in calls] == [404] * len(calls)
    assert {c.json["error"] for c in calls} == {"series_not_found", "chapter_not_found",
                                               "job_not_found"}
    anonymous = client.get(f"/api/v1/import-jobs/{imported.json['id']}")
    assert anonymous.status_code == 401
