"""`esep db_worker`: django-tasks-db's worker, outliving "database is locked" (esep.lib.sqlite).
It takes the library's name because django_tasks_db is listed after esep's apps."""

from esep.lib.sqlite import WorkerCommand


class Command(WorkerCommand):
    pass
