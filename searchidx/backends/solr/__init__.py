"""The SolrCloud backend: Solr stores and ranks, our German analysis makes every token.

Documents reach Solr pre-analyzed (``PreAnalyzedField``, JSON format), so the
collection holds exactly the terms, positions and offsets the Whoosh index would.
"""
