"""When an endpoint's admin was last alerted about failures in a row (the webhooks blueprint).

Revision ID: webhooks_0002
Revises: webhooks_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "webhooks_0002"
down_revision = "webhooks_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("webhook_endpoints", sa.Column("failure_alerted_at", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("webhook_endpoints") as batch:
        batch.drop_column("failure_alerted_at")
