"""payment refunds and disputes

Revision ID: 0027
Revises: 0002
Create Date: 2026-12-10 08:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0027'
down_revision = '0002'
branch_labels = None
# payments
depends_on = ('0026',)


def upgrade() -> None:
    op.create_table('payment_refunds',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.String(length=40), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('status', sa.Enum('PENDING', 'SUCCEEDED', 'FAILED', name='paymentrefundstatus', native_enum=False, length=32), nullable=False),
    sa.Column('gateway_refund_id', sa.String(length=255), nullable=True),
    sa.Column('failure_code', sa.String(length=64), nullable=True),
    sa.Column('coins_shortfall', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.String(length=40), nullable=True),
    sa.Column('attempted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_refunds_payment_id_payments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_payment_refunds_requested_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_refunds')),
    sa.UniqueConstraint('payment_id', 'sequence', name='uq_payment_refunds_payment_id_sequence')
    )
    op.create_table('payment_disputes',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('status', sa.Enum('NEEDS_RESPONSE', 'UNDER_REVIEW', 'WON', 'LOST', name='disputestatus', native_enum=False, length=32), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('evidence_note', sa.Text(), nullable=True),
    sa.Column('evidence_due_by', sa.DateTime(timezone=True), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_disputes_payment_id_payments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by'], ['users.id'], name=op.f('fk_payment_disputes_resolved_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment_disputes')),
    sa.UniqueConstraint('payment_id', name='uq_payment_disputes_payment_id')
    )


def downgrade() -> None:
    op.drop_table('payment_disputes')
    op.drop_table('payment_refunds')
