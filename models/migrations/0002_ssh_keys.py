from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    initial = False

    operations = [
        ops.CreateModel(
            name="SshKey",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "forum.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="ssh_keys",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("algorithm", fields.CharField(max_length=64)),
                ("public_key", fields.TextField(unique=False)),
                ("fingerprint", fields.CharField(max_length=64)),
                ("label", fields.CharField(default="", max_length=100)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "last_used_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "ssh_keys",
                "app": "forum",
                "unique_together": (("user_id", "fingerprint"),),
                "pk_attr": "id",
                "table_description": "A public key that signs its owner in over SSH (``ssh NAME@host``).",
            },
            bases=["Model"],
        ),
    ]
