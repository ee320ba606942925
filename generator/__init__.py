"""intspec: turn an Integration Specifications document into a runnable service.

The generator is a pipeline, one module (or package) per stage::

    parse    markdown text -> located sections, blocks and tables       (generator.parse)
    model    located elements -> IntegrationSpec + diagnostics           (generator.model)
    plan     IntegrationSpec + blueprints -> Plan (what, why, which files) (generator.plan)
    render   Plan -> the project folder and its manifest                 (generator.render)
    verify   the project folder -> each of its own checks' results       (generator.verify)

``generator.pipeline`` runs the stages in order; ``generator.cli`` is a thin shell over it.
"""

__version__ = "0.1.0"
