from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields


class Migration(migrations.Migration):
    dependencies = [("forum", "0007_report_opened")]

    initial = False

    operations = [
        ops.CreateModel(
            name="SignInFailure",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("key", fields.CharField(unique=True, max_length=64)),
                ("failures", fields.IntField()),
                (
                    "last_failed_at",
                    fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "sign_in_failures",
                "app": "forum",
                "pk_attr": "id",
                "table_description": "Wrong passwords for one user name, for the password throttle: kept in the database",
            },
            bases=["Model"],
        ),
    ]
