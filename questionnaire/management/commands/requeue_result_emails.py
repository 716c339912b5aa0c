"""`manage.py requeue_result_emails`: run just before `db_worker` starts (make run/dev/serve do)."""

from django.core.management.base import BaseCommand

from questionnaire.tasks import requeue_result_emails


class Command(BaseCommand):
    help = "Queue again the result emails whose task died with its worker (safe beside live workers)."

    def handle(self, *args: object, **options: object) -> None:
        now, later = requeue_result_emails()
        if now or later:
            self.stdout.write(f"Result emails queued again: {now} now, {later} once their claim has expired.")
