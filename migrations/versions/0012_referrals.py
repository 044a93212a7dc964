"""referrals: referral accounts (codes), clicks, referrals

Revision ID: 0012
Revises: 0002
Create Date: 2026-11-23 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0002'
branch_labels = None
depends_on = None  # only users (0001), an ancestor of 0002


def _attribution() -> list:
    return [sa.Column('landing_page', sa.String(length=2048), nullable=True),
            sa.Column('utm_source', sa.String(length=255), nullable=True),
            sa.Column('utm_medium', sa.String(length=255), nullable=True),
            sa.Column('utm_campaign', sa.String(length=255), nullable=True),
            sa.Column('referrer_url', sa.String(length=2048), nullable=True)]


def upgrade() -> None:
    op.create_table('referral_accounts',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('reward_months', sa.SmallInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('regenerated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_referral_accounts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_accounts')),
    sa.UniqueConstraint('code', name=op.f('uq_referral_accounts_code')),
    sa.UniqueConstraint('user_id', name=op.f('uq_referral_accounts_user_id'))
    )
    op.create_table('referral_clicks',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('referrer_id', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('clicked_at', sa.DateTime(timezone=True), nullable=False),
    *_attribution(),
    sa.ForeignKeyConstraint(['referrer_id'], ['users.id'], name=op.f('fk_referral_clicks_referrer_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_clicks'))
    )
    with op.batch_alter_table('referral_clicks', schema=None) as batch_op:
        batch_op.create_index('ix_referral_clicks_referrer_clicked', ['referrer_id', 'clicked_at'], unique=False)

    op.create_table('referrals',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('referrer_id', sa.String(length=40), nullable=False),
    sa.Column('referrer_code', sa.String(length=12), nullable=False),
    sa.Column('referee_id', sa.String(length=40), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'SIGNED_UP', 'QUALIFIED', 'REWARDED', 'EXPIRED', name='referralstatus', native_enum=False, length=32), nullable=False),
    sa.Column('qualified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('qualification_event', sa.String(length=40), nullable=True),
    sa.Column('qualification_reason', sa.String(length=255), nullable=True),
    sa.Column('referrer_reward', sa.String(length=40), nullable=True),
    sa.Column('referrer_reward_value', sa.Integer(), nullable=True),
    sa.Column('referrer_reward_applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('referee_reward', sa.String(length=40), nullable=True),
    sa.Column('referee_reward_value', sa.Integer(), nullable=True),
    sa.Column('referee_reward_applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rewarded_by', sa.String(length=40), nullable=True),
    *_attribution(),
    sa.Column('clicked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('signed_up_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('converted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['referee_id'], ['users.id'], name=op.f('fk_referrals_referee_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referrer_id'], ['users.id'], name=op.f('fk_referrals_referrer_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('referee_id', name=op.f('uq_referrals_referee_id'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_created', ['created_at'], unique=False)
        batch_op.create_index('ix_referrals_referrer_code', ['referrer_code'], unique=False)
        batch_op.create_index('ix_referrals_referrer_status', ['referrer_id', 'status'], unique=False)
        batch_op.create_index('ix_referrals_status_expires', ['status', 'expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_status_expires')
        batch_op.drop_index('ix_referrals_referrer_status')
        batch_op.drop_index('ix_referrals_referrer_code')
        batch_op.drop_index('ix_referrals_created')
    op.drop_table('referrals')
    with op.batch_alter_table('referral_clicks', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_clicks_referrer_clicked')
    op.drop_table('referral_clicks')
    op.drop_table('referral_accounts')
