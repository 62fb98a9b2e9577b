"""Create the first installation administrator (or another one later), on the server only."""

from __future__ import annotations

import getpass
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from keten.accounts.models import Membership, Organisation, User
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.log import log_action


class Command(BaseCommand):
    help = "Create an installation administrator (who appoints each organisation's administrators)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", help="the administrator's e-mail address")
        parser.add_argument("--name", help="the administrator's full name")
        parser.add_argument("--password-file", help="read the password from this file instead of asking")
        parser.add_argument(
            "--organisation",
            default="Keten administration",
            help="organisation to administer (created if new)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = (options["email"] or input("E-mail address: ")).strip().lower()
        name = (options["name"] or input("Full name: ")).strip()
        if not email or "@" not in email:
            raise CommandError("Give a valid e-mail address.")
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account with {email} exists already.")
        if options["password_file"]:
            with open(options["password_file"], encoding="utf-8") as handle:
                password = handle.read().strip()
        else:
            password = getpass.getpass("Password (at least 12 characters): ")
            if password != getpass.getpass("The same password again: "):
                raise CommandError("The two passwords differ.")
        user = User(email=email, full_name=name)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

        with transaction.atomic():
            organisation, _created = Organisation.objects.get_or_create(
                name=options["organisation"],
                defaults={"kind": OrganisationKind.OTHER, "slug": "administration"},
            )
            user.set_password(password)
            user.is_superuser = True
            user.is_staff = True
            user.save()
            Membership.objects.create(
                user=user, organisation=organisation, role=Role.ORGANISATION_ADMINISTRATOR
            )
            log_action("account.administrator_created", actor="keten createadmin", obj=user)
        with translation.override("en"):
            login = settings.SITE_URL + reverse("accounts:login")
        self.stdout.write(self.style.SUCCESS(f"Installation administrator {email} created."))
        self.stdout.write(f"Log in at {login} and set up the code on your phone.")
