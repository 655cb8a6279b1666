"""Shared fixtures: the repository's test keys (tests/keys/), and botocore's reference signer."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "tests" / "keys"


def key_text(name: str) -> str:
    return (KEYS / name).read_text()


@pytest.fixture(scope="session")
def rsa_pem() -> str:
    return key_text("rsa2048_pkcs1.pem")


@pytest.fixture(scope="session")
def rsa_pub() -> str:
    return key_text("rsa2048_pub.pem")


@pytest.fixture(scope="session")
def ec_pem() -> str:
    return key_text("ec_p256_sec1.pem")


@pytest.fixture(scope="session")
def ec_pub() -> str:
    return key_text("ec_p256_pub.pem")
