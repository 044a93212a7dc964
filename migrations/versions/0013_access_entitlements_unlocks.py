"""access: chapter entitlements, scheduled unlocks

Revision ID: 0013
Revises: 0002
Create Date: 2026-11-23 09:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0002'
branch_labels = None
depends_on = ('0001', '0006')


def upgrade() -> None:
    op.create_table('chapter_entitlements',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=40), nullable=False),
    sa.Column('chapter_id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.Enum('PURCHASE', 'COIN_UNLOCK', name='entitlementkind', native_enum=False, create_constraint=False, length=32), nullable=False),
    sa.Column('state', sa.Enum('SUCCEEDED', 'REFUNDED', 'CHARGED_BACK', name='entitlementstate', native_enum=False, create_constraint=False, length=32), nullable=False),
    sa.Column('source_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_chapter_entitlements_chapter_id_chapters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_chapter_entitlements_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chapter_entitlements')),
    sa.UniqueConstraint('user_id', 'chapter_id', 'kind', name=op.f('uq_chapter_entitlements_user_id_chapter_id_kind'))
    )
    with op.batch_alter_table('chapter_entitlements', schema=None) as batch_op:
        batch_op.create_index('ix_chapter_entitlements_chapter', ['chapter_id'], unique=False)

    op.create_table('scheduled_unlocks',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.String(length=40), nullable=False),
    sa.Column('unlock_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('original_access_level', sa.Enum('FREE', 'SUBSCRIBERS', 'SPECIFIC_TIER', 'SCHEDULED_FREE', name='chapteraccesslevel', native_enum=False, create_constraint=False, length=32), nullable=False),
    sa.Column('original_minimum_tier_id', sa.String(length=40), nullable=True),
    sa.Column('status', sa.Enum('PENDING', 'UNLOCKED', 'CANCELLED', name='unlockstatus', native_enum=False, create_constraint=False, length=32), nullable=False),
    sa.Column('unlocked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('error_message', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_scheduled_unlocks_chapter_id_chapters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_unlocks')),
    sa.UniqueConstraint('chapter_id', name=op.f('uq_scheduled_unlocks_chapter_id'))
    )
    with op.batch_alter_table('scheduled_unlocks', schema=None) as batch_op:
        batch_op.create_index('ix_scheduled_unlocks_status_unlock_at', ['status', 'unlock_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('scheduled_unlocks', schema=None) as batch_op:
        batch_op.drop_index('ix_scheduled_unlocks_status_unlock_at')

    op.drop_table('scheduled_unlocks')
    with op.batch_alter_table('chapter_entitlements', schema=None) as batch_op:
        batch_op.drop_index('ix_chapter_entitlements_chapter')

    op.drop_table('chapter_entitlements')
