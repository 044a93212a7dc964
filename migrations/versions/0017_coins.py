"""commerce: reader coins (wallets, ledger, packages, earnings) and chapters.coin_price

Revision ID: 0017
Revises: 0002
Create Date: 2026-11-22 06:40:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0002'
branch_labels = None
depends_on = ('0001', '0006')

LEDGER_KINDS = ('PURCHASE', 'BONUS', 'UNLOCK', 'REFUND', 'ADJUSTMENT')


def upgrade() -> None:
    with op.batch_alter_table('chapters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('coin_price', sa.Integer(), nullable=True,
                                      server_default=None))

    op.create_table('coin_wallets',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=40), nullable=False),
    sa.Column('paid_balance', sa.Integer(), nullable=False),
    sa.Column('bonus_balance', sa.Integer(), nullable=False),
    sa.Column('entry_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('paid_balance >= 0 AND bonus_balance >= 0', name=op.f('ck_coin_wallets_balances_positive')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_coin_wallets_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coin_wallets')),
    sa.UniqueConstraint('user_id', name=op.f('uq_coin_wallets_user_id'))
    )
    op.create_table('coin_ledger',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('wallet_id', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.String(length=40), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum(*LEDGER_KINDS, name='ledgerkind', native_enum=False, create_constraint=False, length=32), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('paid_amount', sa.Integer(), nullable=False),
    sa.Column('bonus_amount', sa.Integer(), nullable=False),
    sa.Column('balance_after', sa.Integer(), nullable=False),
    sa.Column('source_type', sa.String(length=32), nullable=False),
    sa.Column('source_id', sa.String(length=40), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['wallet_id'], ['coin_wallets.id'], name=op.f('fk_coin_ledger_wallet_id_coin_wallets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coin_ledger')),
    sa.UniqueConstraint('wallet_id', 'sequence', name=op.f('uq_coin_ledger_wallet_id_sequence')),
    sa.UniqueConstraint('wallet_id', 'source_type', 'source_id', 'kind', name=op.f('uq_coin_ledger_wallet_id_source_type_source_id_kind'))
    )
    op.create_table('coin_packages',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('coins', sa.Integer(), nullable=False),
    sa.Column('bonus_coins', sa.Integer(), nullable=False),
    sa.Column('prices', sa.JSON(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('display_order', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coin_packages'))
    )
    with op.batch_alter_table('coin_packages', schema=None) as batch_op:
        batch_op.create_index('ix_coin_packages_active_order', ['is_active', 'display_order'], unique=False)

    op.create_table('coin_earnings',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('site_id', sa.String(length=40), nullable=False),
    sa.Column('chapter_id', sa.String(length=40), nullable=True),
    sa.Column('reader_id', sa.String(length=40), nullable=False),
    sa.Column('ledger_entry_id', sa.String(length=40), nullable=False),
    sa.Column('coins', sa.Integer(), nullable=False),
    sa.Column('paid_coins', sa.Integer(), nullable=False),
    sa.Column('bonus_coins', sa.Integer(), nullable=False),
    sa.Column('money_value', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_coin_earnings_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_coin_earnings_chapter_id_chapters'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ledger_entry_id'], ['coin_ledger.id'], name=op.f('fk_coin_earnings_ledger_entry_id_coin_ledger'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_coin_earnings_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coin_earnings')),
    sa.UniqueConstraint('ledger_entry_id', name=op.f('uq_coin_earnings_ledger_entry_id'))
    )
    with op.batch_alter_table('coin_earnings', schema=None) as batch_op:
        batch_op.create_index('ix_coin_earnings_author_created', ['author_id', 'created_at'], unique=False)
        batch_op.create_index('ix_coin_earnings_site_created', ['site_id', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('coin_earnings', schema=None) as batch_op:
        batch_op.drop_index('ix_coin_earnings_site_created')
        batch_op.drop_index('ix_coin_earnings_author_created')
    op.drop_table('coin_earnings')
    with op.batch_alter_table('coin_packages', schema=None) as batch_op:
        batch_op.drop_index('ix_coin_packages_active_order')
    op.drop_table('coin_packages')
    op.drop_table('coin_ledger')
    op.drop_table('coin_wallets')
    with op.batch_alter_table('chapters', schema=None) as batch_op:
        batch_op.drop_column('coin_price')
