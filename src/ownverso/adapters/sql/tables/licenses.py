"""Tables of license keys sold with licensed products and the instances activating them."""

import sqlalchemy as sa

from ownverso.adapters.sql.tables.base import id_column, metadata, version_column
from ownverso.adapters.sql.types import UtcDateTime, enum_column
from ownverso.domain.commerce.license import LicenseStatus
from ownverso.domain.commerce.values import LicenseType

licenses = sa.Table(
    "licenses", metadata,
    id_column(), version_column(),
    sa.Column("purchase_id", sa.String(40), sa.ForeignKey("purchases.id", ondelete="CASCADE"),
              nullable=False, unique=True),
    sa.Column("product_id", sa.String(40), sa.ForeignKey("products.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("site_id", sa.String(40), sa.ForeignKey("sites.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("author_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("owner_id", sa.String(40), sa.ForeignKey("users.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("license_type", enum_column(LicenseType), nullable=False),
    sa.Column("seats", sa.Integer, nullable=False),
    sa.Column("status", enum_column(LicenseStatus), nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("key_hint", sa.String(8), nullable=False),
    sa.Column("key_ciphertext", sa.Text, nullable=False),
    sa.Column("active_seats", sa.Integer, nullable=False),
    sa.Column("issued_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime),
    sa.Column("revoked_at", UtcDateTime),
    sa.Column("revoked_reason", sa.String(500)),
    sa.Column("revoked_by", sa.String(40), sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("updated_at", UtcDateTime),
    sa.Index("ix_licenses_owner_issued", "owner_id", "issued_at"),
    sa.Index("ix_licenses_site_status", "site_id", "status"),
    sa.Index("ix_licenses_product_status", "product_id", "status"),
)

license_activations = sa.Table(
    "license_activations", metadata,
    id_column(), version_column(),
    sa.Column("license_id", sa.String(40), sa.ForeignKey("licenses.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("instance_id", sa.String(128), nullable=False),
    sa.Column("label", sa.String(100)),
    sa.Column("first_activated_at", UtcDateTime, nullable=False),
    sa.Column("last_seen_at", UtcDateTime, nullable=False),
    sa.Column("deactivated_at", UtcDateTime),
    sa.UniqueConstraint("license_id", "instance_id"),
)
