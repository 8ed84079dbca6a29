# pre-commit installs a `language: python` hook repository with `pip install .`: this package
# has no code, only the pinned dependency on the modelgate-cli wheel, which puts the
# `modelgate` binary on the hook's PATH. The pin is the release this mirror's tag names
# (RELEASING.md); CI checks that it matches Cargo.toml.
from setuptools import setup

setup(
    name="modelgate-pre-commit",
    version="0.0.0",
    install_requires=["modelgate-cli==0.1.0"],
    py_modules=[],
)
