"""Management commands enter a scope explicitly, as requests and tasks do (issue 27).

`SchoolCommand`: a command about one school's data (load its plan, import its scores) takes `--school CODE`, the
home school by default, and runs its `handle` inside that school's scope. `InstallationCommand`: a command about
the whole installation (rebuild every tally, purge every school's expired notes) runs inside `every_school()`.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from core.scoping import every_school, school_scope

from .models import Institution


class SchoolCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument("--school", help="The school's code (default: the home school).")
        return parser

    def execute(self, *args, **options):
        code = options.pop("school", None)
        schools = Institution.objects.filter(code=code) if code else Institution.objects.filter(is_home=True)
        school = schools.first()
        if school is None:
            raise CommandError(f"No school has the code {code!r}." if code else "The home school is missing.")
        self.school = school
        with school_scope(school):
            return super().execute(*args, **options)


class InstallationCommand(BaseCommand):
    def execute(self, *args, **options):
        with every_school():
            return super().execute(*args, **options)
