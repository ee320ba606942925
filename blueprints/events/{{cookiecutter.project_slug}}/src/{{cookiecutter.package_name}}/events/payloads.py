{{ cookiecutter._intspec.generated.event_models -}}
