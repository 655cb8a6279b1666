"""The installed wheel imports, and is the abi3 build of this version."""

import cfsign


def test_version_is_the_crates():
    assert cfsign.__version__ == "0.1.0"


def test_native_module_is_abi3():
    import cfsign._native as native

    assert native.__file__.endswith(".abi3.so") or native.__file__.endswith(".pyd")
