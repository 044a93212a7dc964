"""webhook events from the platform's own gateway account (no author)

Revision ID: 0032
Revises: 0002
Create Date: 2026-12-03 14:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0032'
down_revision = '0002'
branch_labels = None
# webhook events
depends_on = ('0024',)


def upgrade() -> None:
    with op.batch_alter_table('webhook_events') as batch:
        batch.alter_column('author_id', existing_type=sa.String(length=40), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM webhook_events WHERE author_id IS NULL")
    with op.batch_alter_table('webhook_events') as batch:
        batch.alter_column('author_id', existing_type=sa.String(length=40), nullable=False)
