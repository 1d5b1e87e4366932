import pytest

from acme.auth import authenticate, hash_password

TEST_PASSWORD = "correct-horse-battery-staple"
FAKE_TOKEN = "test-token"


@pytest.fixture
def user(db, django_user_model):
    return django_user_model.objects.create_user(username="alice", password="password123")


def test_login_rejects_bad_password(client, user):
    resp = client.post("/api/login", {"username": "alice", "password": "wrong"})
    assert resp.status_code == 401


def test_hash_is_not_plaintext():
    h = hash_password("hunter2")
    assert h.startswith("argon2$")
    assert h != "hunter2"


def test_api_key_header(client, settings):
    settings.INTERNAL_API_KEY = "dummy"
    resp = client.get("/api/ping", HTTP_X_API_KEY="dummy")
    assert resp.status_code == 200


def test_stripe_mock(monkeypatch):
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_fake")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
