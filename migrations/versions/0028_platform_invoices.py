"""platform invoices: usage-fee invoices to FREE-tier authors and yearly number counters

Revision ID: 0028
Revises: 0002
Create Date: 2026-12-03 09:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0028'
down_revision = '0002'
branch_labels = None
# users; invoices are made from payments
depends_on = ('0001', '0026')


def upgrade() -> None:
    op.create_table('platform_invoices',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=32), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=False),
    sa.Column('period_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('period_end', sa.DateTime(timezone=True), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('gross_revenue', sa.BigInteger(), nullable=False),
    sa.Column('fee_bps', sa.Integer(), nullable=False),
    sa.Column('fee_amount', sa.BigInteger(), nullable=False),
    sa.Column('gst_bps', sa.Integer(), nullable=False),
    sa.Column('gst_amount', sa.BigInteger(), nullable=False),
    sa.Column('total_amount', sa.BigInteger(), nullable=False),
    sa.Column('transaction_count', sa.Integer(), nullable=False),
    sa.Column('breakdown', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'PAID', 'VOID', name='platforminvoicestatus', native_enum=False, length=32), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_date', sa.DateTime(timezone=True), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('payment_method', sa.String(length=50), nullable=True),
    sa.Column('payment_reference', sa.String(length=255), nullable=True),
    sa.Column('reminders_sent', sa.Integer(), nullable=False),
    sa.Column('last_reminder_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_platform_invoices_author_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_invoices')),
    sa.UniqueConstraint('number', name='uq_platform_invoices_number'),
    sa.UniqueConstraint('author_id', 'period_start', 'currency', name='uq_platform_invoices_author_id_period_start_currency')
    )
    with op.batch_alter_table('platform_invoices', schema=None) as batch_op:
        batch_op.create_index('ix_platform_invoices_status_due', ['status', 'due_date'], unique=False)
        batch_op.create_index('ix_platform_invoices_period', ['period_start'], unique=False)

    op.create_table('platform_invoice_counters',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_invoice_counters')),
    sa.UniqueConstraint('year', name='uq_platform_invoice_counters_year')
    )


def downgrade() -> None:
    op.drop_table('platform_invoice_counters')
    with op.batch_alter_table('platform_invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_platform_invoices_period')
        batch_op.drop_index('ix_platform_invoices_status_due')

    op.drop_table('platform_invoices')
