"""Subcommands of `python -m {{ cookiecutter.package_name }}` that blueprints add (see cli.py)."""
