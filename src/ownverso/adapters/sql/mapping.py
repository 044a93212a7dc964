"""Imperative mapping of the domain's plain classes onto the tables (idempotent)."""

import sqlalchemy as sa
from sqlalchemy.orm import registry, relationship

from ownverso.adapters.sql.tables import accounts, identity, memberships, publishing, sites
from ownverso.adapters.sql.tables.chapter_io import chapter_images, export_jobs, import_jobs
from ownverso.adapters.sql.tables.media import media_files, media_folders, media_uploads
from ownverso.adapters.sql.tables.site_content import pages, themes
from ownverso.domain.accounts.author_profile import AuthorProfile
from ownverso.domain.accounts.tiers import TierLimits
from ownverso.domain.identity.auth_account import AuthAccount
from ownverso.domain.identity.oauth_state import OAuthState
from ownverso.domain.identity.session import Session
from ownverso.domain.identity.tokens import VerificationToken
from ownverso.domain.identity.user import User
from ownverso.domain.media.file import MediaFile
from ownverso.domain.media.folder import MediaFolder
from ownverso.domain.media.upload import UploadIntent
from ownverso.domain.memberships.tier import Tier
from ownverso.domain.publishing.chapter import Chapter
from ownverso.domain.publishing.chapter_images import ChapterImage
from ownverso.domain.publishing.chapter_warnings import ChapterContentWarning
from ownverso.domain.publishing.jobs import ExportJob, ImportJob
from ownverso.domain.publishing.series import Series
from ownverso.domain.publishing.taxonomy import (
    Genre,
    SeriesContentWarning,
    SeriesGenre,
    SeriesTag,
    Tag,
)
from ownverso.domain.publishing.versions import ChapterVersion
from ownverso.domain.publishing.warnings import ContentWarning
from ownverso.domain.sites.collaborator import Collaborator
from ownverso.domain.sites.page import Page
from ownverso.domain.sites.site import Site
from ownverso.domain.sites.theme import Theme

mapper_registry = registry()

MAPPINGS: list[tuple[type, sa.Table]] = [
    (User, identity.users),
    (Session, identity.sessions),
    (VerificationToken, identity.verification_tokens),
    (AuthAccount, identity.auth_accounts),
    (OAuthState, identity.oauth_states),
    (AuthorProfile, accounts.author_profiles),
    (TierLimits, accounts.tier_limits),
    # media
    (MediaFolder, media_folders),
    (MediaFile, media_files),
    (UploadIntent, media_uploads),
    # sites
    (Site, sites.sites),
    (Collaborator, sites.collaborators),
    (Page, pages),
    (Theme, themes),
    # publishing
    (Series, publishing.series),
    (ContentWarning, publishing.content_warnings),
    (Genre, publishing.genres),
    (SeriesGenre, publishing.series_genres),
    (Tag, publishing.tags),
    (SeriesTag, publishing.series_tags),
    (SeriesContentWarning, publishing.series_content_warnings),
    (Chapter, publishing.chapters),
    (ChapterVersion, publishing.chapter_versions),
    (ChapterContentWarning, publishing.chapter_content_warnings),
    (ImportJob, import_jobs),
    (ExportJob, export_jobs),
    (ChapterImage, chapter_images),
    # memberships
    (Tier, memberships.author_subscription_tiers),
]


def start_mappers() -> None:
    """Map every entity once; calling it again does nothing. Aggregates reference each other
    by id, so nothing lazy-loads after a unit of work closes; the only relationships are the
    hidden, never-loaded ones of ``_flush_order``."""
    for cls, table in MAPPINGS:
        if sa.inspect(cls, raiseerr=False) is None:
            mapper_registry.map_imperatively(cls, table, version_id_col=table.c.version,
                                             properties=_flush_order(table))


def _flush_order(table: sa.Table) -> dict:
    """One hidden many-to-one per foreign key, so that the unit of work inserts a parent
    (a user) before the rows that point at it (their sessions) when both are added in the same
    unit; without them SQLAlchemy orders unrelated mappers by class name, and adding a user with
    its session failed on the foreign key. Never set nor read (``lazy="raise"``)."""
    classes = {t.name: c for c, t in MAPPINGS}
    return {
        f"_{fk.parent.name}_row": relationship(classes[fk.column.table.name],
                                               foreign_keys=[fk.parent], lazy="raise")
        for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name)
        if fk.column.table.name in classes
    }


def table_of(cls: type) -> sa.Table:
    return sa.inspect(cls).local_table
