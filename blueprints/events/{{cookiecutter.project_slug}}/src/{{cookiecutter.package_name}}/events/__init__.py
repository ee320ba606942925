"""The events of {{ cookiecutter.project_name | comment }}: their catalog and payload models."""
