"""Storage engines behind :class:`searchidx.SearchIndex`.

``whoosh/`` is the embedded default and the only package that imports Whoosh's
index internals (readers, segments, writers, codecs). ``solr/`` stores a SolrCloud
collection fed with our pre-analysed tokens.
"""
