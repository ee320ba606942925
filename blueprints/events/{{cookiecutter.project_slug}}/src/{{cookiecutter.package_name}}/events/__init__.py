"""The events of {{ cookiecutter.project_name | doc }}: their catalog and payload models."""
