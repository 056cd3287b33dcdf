import time

from django.core.management.base import BaseCommand

from parcours.compliance.demo import build_compliance_demo
from parcours.interviews.demo import build_interviews_demo
from parcours.kiosk.demo import build_kiosk_demo
from parcours.objectives.demo import build_objectives_demo
from parcours.organisation.demo import DEMO_PASSWORD, build_demo
from parcours.skills.demo import build_skills_demo
from parcours.training.demo import build_training_demo


class Command(BaseCommand):
    help = "Build the demo factory group (once; running it again changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=600)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, employees, seed, **options):
        started = time.monotonic()
        result = build_demo(employees=employees, seed=seed)
        build_interviews_demo()
        build_skills_demo()
        build_objectives_demo()
        build_training_demo()
        build_compliance_demo()
        kiosk = build_kiosk_demo()
        if result.created:
            self.stdout.write(
                f"Demo group built: {result.employees} employees "
                f"in {time.monotonic() - started:.1f} s."
            )
        else:
            self.stdout.write(f"Demo group already present ({result.employees} employees).")
        self.stdout.write("\nDemo logins (password for all: %s):" % DEMO_PASSWORD)
        for username, description in result.logins:
            self.stdout.write(f"  {username:<24} {description}")
        if kiosk.logins:
            self.stdout.write(
                "\nShop-floor kiosk at Valenciennes: sign in as hr-valenciennes, open "
                '/kiosk/tablets/ and choose "Use this browser as this kiosk"; then at /kiosk/:'
            )
            for number, description in kiosk.logins:
                self.stdout.write(f"  {number:<24} {description}")
