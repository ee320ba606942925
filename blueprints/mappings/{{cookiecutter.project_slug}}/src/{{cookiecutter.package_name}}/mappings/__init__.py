"""The spec's Salesforce field mappings: ``table`` (the rows, compiled), ``transforms`` (the vocabulary),
``custom`` (the functions you write) and ``pending`` (which of those are not written yet)."""
