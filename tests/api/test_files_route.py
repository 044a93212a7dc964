"""Local files are served at /files/<key>, except the private areas of the storage."""

import pytest


def test_a_stored_file_is_served_with_its_type(app, client):
    app.container.storage().save("media/u/cat.png", b"\x89PNG fake", content_type="image/png")
    response = client.get("/files/media/u/cat.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("key", ["quarantine/u/x.png", "incoming/u/x.bin",
                                 "exports/site/job/book.epub"])
def test_private_areas_of_the_storage_are_never_served(app, client, key):
    app.container.storage().save(key, b"secret", content_type="application/octet-stream")
    assert client.get(f"/files/{key}").status_code == 404


def test_paths_that_climb_out_of_the_storage_are_refused(client):
    assert client.get("/files/../var/secret_key").status_code == 404
