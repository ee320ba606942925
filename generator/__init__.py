"""intspec: turn an Integration Specifications document into a runnable service.

The generator is a pipeline, one module (or package) per stage::

    parse   markdown text -> located sections, blocks and tables   (generator.parse)
    model   located elements -> IntegrationSpec + diagnostics       (generator.model)

``generator.pipeline`` runs the stages in order; ``generator.cli`` is a thin shell over it.
"""

__version__ = "0.1.0"
