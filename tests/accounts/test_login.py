"""Login: Argon2 password hashes and throttling of password guessing (django-axes)."""

from __future__ import annotations

import importlib

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from congdoan.accounts import services as accounts
from congdoan.accounts.models import User

PASSWORD = "Mật-khẩu-đúng-2025"  # noqa: S105 - test password


@pytest.fixture
def real_hashers(settings):
    # conftest swaps in a fast hasher; these tests check the configured one.
    settings.PASSWORD_HASHERS = importlib.import_module("congdoan.settings").PASSWORD_HASHERS


@pytest.fixture
def officer(db, real_hashers):
    return accounts.create_user(actor=None, username="canbo", password=PASSWORD, full_name="Cán bộ")


def login(client, password: str):
    return client.post(reverse("accounts:login"), {"username": "canbo", "password": password})


def test_passwords_are_stored_as_argon2_hashes(officer):
    stored = User.objects.get(pk=officer.pk).password
    assert stored.startswith("argon2$argon2id$")
    assert PASSWORD not in stored


def test_the_right_password_logs_in(client, officer):
    response = login(client, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("org:tree")).status_code == 200


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(client, officer):
    limit = django_settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert login(client, "sai-mat-khau").status_code == 200
    # The last allowed failure locks the account.
    assert login(client, "sai-mat-khau").status_code == 429

    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("org:tree")).status_code == 302


def test_a_few_wrong_passwords_do_not_lock_the_account(client, officer):
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        login(client, "sai-mat-khau")
    assert login(client, PASSWORD).status_code == 302
