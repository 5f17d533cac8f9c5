"""Login: Argon2 hashes, throttling against guessing, Vietnamese pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from dated_tree import PASSWORD, people, tree  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2(tree, settings):
    from congdoan import settings as product_settings
    from dated_tree import make_user

    # The suite speeds hashing up; put the product's hashers back for this test.
    settings.PASSWORD_HASHERS = product_settings.PASSWORD_HASHERS
    user = make_user("argon")
    user.refresh_from_db()
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)


def test_login_page_is_in_vietnamese_and_logs_in(client, people):
    page = client.get(reverse("accounts:login"))
    assert "Đăng nhập" in page.content.decode()
    response = client.post(reverse("accounts:login"), {"username": "huyena", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("org:tree")).status_code == 200


def test_wrong_password_shows_a_vietnamese_message(client, people):
    response = client.post(reverse("accounts:login"), {"username": "huyena", "password": "sai"})
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, people):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "huyena", "password": "sai"})
    response = client.post(reverse("accounts:login"), {"username": "huyena", "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm khoá" in response.content.decode()
    assert client.get(reverse("org:tree")).status_code == 302


def test_pages_need_a_login(client, tree):
    response = client.get(reverse("org:tree"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
