from django.db import migrations

from dpa.roles import apply_roles


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_visibility_and_case_management"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(apply_roles, migrations.RunPython.noop)]
