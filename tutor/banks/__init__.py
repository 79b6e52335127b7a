"""Question banks: the model, bank files, validation and the specification importer."""
