import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bpets.settings")

app = Celery("bpets")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
