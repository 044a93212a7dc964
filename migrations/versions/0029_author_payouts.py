"""author payouts: monthly settlement statements per author, gateway and currency

Revision ID: 0029
Revises: 0002
Create Date: 2026-12-03 11:40:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0029'
down_revision = '0002'
branch_labels = None
# users; statements are made from payments and name platform invoices
depends_on = ('0001', '0026', '0028')


def upgrade() -> None:
    op.create_table('author_payouts',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('period_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('period_end', sa.DateTime(timezone=True), nullable=False),
    sa.Column('gateway', sa.String(length=32), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('gross_revenue', sa.BigInteger(), nullable=False),
    sa.Column('refunded_amount', sa.BigInteger(), nullable=False),
    sa.Column('charged_back_amount', sa.BigInteger(), nullable=False),
    sa.Column('gateway_fees', sa.BigInteger(), nullable=False),
    sa.Column('platform_fees', sa.BigInteger(), nullable=False),
    sa.Column('net_payout', sa.BigInteger(), nullable=False),
    sa.Column('transaction_count', sa.Integer(), nullable=False),
    sa.Column('breakdown', sa.JSON(), nullable=False),
    sa.Column('invoice_number', sa.String(length=32), nullable=True),
    sa.Column('status', sa.Enum('COMPLETED', name='payoutstatus', native_enum=False, length=32), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_author_payouts_author_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_author_payouts')),
    sa.UniqueConstraint('author_id', 'gateway', 'currency', 'period_start', name='uq_author_payouts_author_id_gateway_currency_period_start')
    )
    with op.batch_alter_table('author_payouts', schema=None) as batch_op:
        batch_op.create_index('ix_author_payouts_author_period', ['author_id', 'period_start'], unique=False)
        batch_op.create_index('ix_author_payouts_period', ['period_start'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('author_payouts', schema=None) as batch_op:
        batch_op.drop_index('ix_author_payouts_period')
        batch_op.drop_index('ix_author_payouts_author_period')

    op.drop_table('author_payouts')
