"""Install the shipped decks (decks/) as the data package studykit.bundled_decks."""

from setuptools import find_packages, setup

# pyproject.toml cannot both discover packages and map an extra one onto a folder
# outside the package tree, so the mapping lives here; everything else is in pyproject.
setup(
    packages=[*find_packages(include=["studykit", "studykit.*"]), "studykit.bundled_decks"],
    package_dir={"studykit.bundled_decks": "decks"},
)
