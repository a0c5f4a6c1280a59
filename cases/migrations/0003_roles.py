from django.db import migrations

from dpa.roles import apply_roles


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
