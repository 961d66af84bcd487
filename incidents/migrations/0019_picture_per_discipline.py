"""Disciplines (seeded), deelbeelden and totaalbeelden (issue 14). On PostgreSQL the two
picture tables refuse UPDATE and DELETE like the log (migration 0006's trigger function)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


APPEND_ONLY = ("PartialPicture", "OverallPicture")
FUNCTION = "crisiscentre_refuse_history_change"  # created by 0006


def load_disciplines(apps, schema_editor):
    from incidents.picture import load_disciplines

    load_disciplines(apps.get_model("incidents", "Discipline"))


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in APPEND_ONLY:
        table = apps.get_model("incidents", name)._meta.db_table
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in APPEND_ONLY:
        table = apps.get_model("incidents", name)._meta.db_table
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0018_partner_role'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Discipline',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True, verbose_name='sleutel')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='naam')),
                ('kind', models.CharField(choices=[('kolom', 'Kolom/discipline'), ('getroffen', 'Getroffen organisatie'), ('technisch', 'Technische partner')], default='kolom', max_length=12, verbose_name='soort')),
                ('order', models.PositiveIntegerField(default=0, verbose_name='volgorde')),
                ('is_active', models.BooleanField(default=True, help_text='Alleen actieve disciplines krijgen een deelbeeld.', verbose_name='actief')),
            ],
            options={
                'verbose_name': 'discipline',
                'verbose_name_plural': 'disciplines',
                'ordering': ['order', 'name'],
            },
        ),
        migrations.CreateModel(
            name='PartialPicture',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(verbose_name='deelbeeld')),
                ('tlp', models.CharField(choices=[('CLEAR', 'TLP:CLEAR'), ('GREEN', 'TLP:GREEN'), ('AMBER', 'TLP:AMBER'), ('AMBER+STRICT', 'TLP:AMBER+STRICT'), ('RED', 'TLP:RED')], default='AMBER', max_length=12, verbose_name='TLP')),
                ('occurred_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='stand van')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ingevoerd op')),
                ('organisation', models.CharField(blank=True, max_length=200, verbose_name='organisatie')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('discipline', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='partial_pictures', to='incidents.discipline', verbose_name='discipline')),
                ('incident', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='partial_pictures', to='incidents.incident')),
            ],
            options={
                'verbose_name': 'deelbeeld',
                'verbose_name_plural': 'deelbeelden',
                'ordering': ['-occurred_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='OverallPicture',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.TextField(verbose_name='totaalbeeld')),
                ('tlp', models.CharField(choices=[('CLEAR', 'TLP:CLEAR'), ('GREEN', 'TLP:GREEN'), ('AMBER', 'TLP:AMBER'), ('AMBER+STRICT', 'TLP:AMBER+STRICT'), ('RED', 'TLP:RED')], default='AMBER', max_length=12, verbose_name='TLP')),
                ('occurred_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='stand van')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='ingevoerd op')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('incident', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='overall_pictures', to='incidents.incident')),
                ('based_on', models.ManyToManyField(blank=True, related_name='overall_pictures', to='incidents.partialpicture', verbose_name='rust op')),
            ],
            options={
                'verbose_name': 'totaalbeeld',
                'verbose_name_plural': 'totaalbeelden',
                'ordering': ['-occurred_at', '-pk'],
            },
        ),
        migrations.AddIndex(
            model_name='partialpicture',
            index=models.Index(fields=['incident', 'discipline', '-occurred_at'], name='picture_incident_disc_time'),
        ),
        migrations.AddIndex(
            model_name='overallpicture',
            index=models.Index(fields=['incident', '-occurred_at'], name='overall_incident_time'),
        ),
        migrations.RunPython(load_disciplines, migrations.RunPython.noop),
        migrations.RunPython(add_triggers, drop_triggers, elidable=False),
    ]
