"""The embedded Whoosh backend: schema, indexing, segment files and numpy query evaluation."""
