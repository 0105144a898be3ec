from django.db import migrations


def load_catalog(apps, schema_editor):
    from staffing.skills import CATALOG

    Skill = apps.get_model("staffing", "Skill")
    for code, name, takes_detail in CATALOG:
        Skill.objects.update_or_create(
            code=code, defaults={"name": name, "takes_detail": takes_detail}
        )


class Migration(migrations.Migration):
    dependencies = [("staffing", "0001_initial")]

    operations = [migrations.RunPython(load_catalog, migrations.RunPython.noop)]
