"""Relevance on real German news: searchidx against stock BM25 peers (known-item search).

``python -m benchmarks.relevance --known-item PATH`` (``make relevance DATA=PATH``);
see benchmarks/README.md.
"""
