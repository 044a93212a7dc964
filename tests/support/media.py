"""Helpers for the media tests: small real files of every accepted kind, and the people and
sites the library's access rules are about (on the in-memory suite or any unit of work)."""

import io
import zipfile
from datetime import UTC, datetime, timedelta

from PIL import Image

from ownverso.domain.identity.values import UserRole
from ownverso.domain.sites.collaborator import Collaborator
from ownverso.domain.sites.site import Site
from ownverso.domain.sites.values import CollaboratorRole, CollaboratorStatus
from ownverso.services.context import Actor
from tests.factories.identity import UserFactory

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def image(fmt: str = "PNG", size: tuple[int, int] = (64, 48), color=(200, 30, 90)) -> bytes:
    out = io.BytesIO()
    mode = "RGBA" if fmt in ("PNG", "WEBP") else "RGB"
    Image.new(mode, size, color).save(out, format=fmt)
    return out.getvalue()


def png(size: tuple[int, int] = (64, 48)) -> bytes:
    return image("PNG", size)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x0a" + b"\x00" * 10 + b"\xff\xfb\x90\x64" + b"\x00" * 400
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 200
M4A = b"\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00M4A isom" + b"\x00" * 200
HTML = b"<!doctype html><script>alert(1)</script>"


def zip_bytes(files: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in (files or {"readme.txt": b"hello"}).items():
            archive.writestr(name, data)
    return out.getvalue()


def epub() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", b"<container/>")
    return out.getvalue()


def add_user(uow_factory, **fields) -> Actor:
    user = UserFactory(role=UserRole.AUTHOR, **fields)
    with uow_factory() as uow:
        uow.users.add(user)
        uow.commit()
    return Actor(user_id=user.id, session_id="ses_test", role=user.role)


def add_site(uow_factory, author_id: str, slug: str = "moonlit") -> str:
    site = Site(id=f"sit_{slug}", author_id=author_id, slug=slug, name=slug.title(),
                created_at=NOW, updated_at=NOW)
    with uow_factory() as uow:
        uow.sites.add(site)
        uow.commit()
    return site.id


def add_collaborator(uow_factory, site_id: str, user_id: str, role: CollaboratorRole,
                     *, invited_by: str) -> None:
    with uow_factory() as uow:
        uow.collaborators.add(Collaborator(
            id=f"col_{site_id}_{user_id}", site_id=site_id, role=role,
            invite_email=f"{user_id}@example.com", invited_by_id=invited_by, invited_at=NOW,
            expires_at=NOW + timedelta(days=7), created_at=NOW, updated_at=NOW,
            user_id=user_id, status=CollaboratorStatus.ACTIVE, accepted_at=NOW))
        uow.commit()


def set_usage(uow_factory, user_id: str, **counters: int) -> None:
    with uow_factory() as uow:
        user = uow.users.get(user_id)
        for name, value in counters.items():
            setattr(user, name, value)
        uow.commit()


def user_row(uow_factory, user_id: str):
    with uow_factory() as uow:
        return uow.users.get(user_id)
