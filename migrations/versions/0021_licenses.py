"""commerce: license keys of licensed products and their activations

Revision ID: 0021
Revises: 0002
Create Date: 2026-12-03 07:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0002'
branch_labels = None
# products, purchases
depends_on = ('0016', '0019')


def upgrade() -> None:
    op.create_table('licenses',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('purchase_id', sa.String(length=40), nullable=False),
    sa.Column('product_id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('owner_id', sa.String(length=40), nullable=False),
    sa.Column('license_type', sa.Enum('PERSONAL', 'COMMERCIAL', 'TEAM', name='licensetype', native_enum=False, length=32), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('ACTIVE', 'EXPIRED', 'REVOKED', 'SUSPENDED', name='licensestatus', native_enum=False, length=32), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('key_hint', sa.String(length=8), nullable=False),
    sa.Column('key_ciphertext', sa.Text(), nullable=False),
    sa.Column('active_seats', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_reason', sa.String(length=500), nullable=True),
    sa.Column('revoked_by', sa.String(length=40), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_licenses_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_licenses_owner_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_licenses_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['purchase_id'], ['purchases.id'], name=op.f('fk_licenses_purchase_id_purchases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revoked_by'], ['users.id'], name=op.f('fk_licenses_revoked_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_licenses_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_licenses')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_licenses_key_hash')),
    sa.UniqueConstraint('purchase_id', name=op.f('uq_licenses_purchase_id'))
    )
    with op.batch_alter_table('licenses', schema=None) as batch_op:
        batch_op.create_index('ix_licenses_owner_issued', ['owner_id', 'issued_at'], unique=False)
        batch_op.create_index('ix_licenses_product_status', ['product_id', 'status'], unique=False)
        batch_op.create_index('ix_licenses_site_status', ['site_id', 'status'], unique=False)

    op.create_table('license_activations',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('license_id', sa.String(length=40), nullable=False),
    sa.Column('instance_id', sa.String(length=128), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=True),
    sa.Column('first_activated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deactivated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['license_id'], ['licenses.id'], name=op.f('fk_license_activations_license_id_licenses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_license_activations')),
    sa.UniqueConstraint('license_id', 'instance_id', name=op.f('uq_license_activations_license_id_instance_id'))
    )


def downgrade() -> None:
    op.drop_table('license_activations')
    with op.batch_alter_table('licenses', schema=None) as batch_op:
        batch_op.drop_index('ix_licenses_site_status')
        batch_op.drop_index('ix_licenses_product_status')
        batch_op.drop_index('ix_licenses_owner_issued')

    op.drop_table('licenses')
