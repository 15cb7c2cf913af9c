"""kzlex's version: one place, read by the build (pyproject.toml) and by `kzlex --version`.

Bumped with a CHANGELOG.md entry whenever behaviour or output changes, so a cited report can
name the version that produced it.
"""

__version__ = "0.3.2"
