"""Errors of the Solr backend: each one line, with a hint for the user."""

from __future__ import annotations

from searchidx.errors import BackendUnavailableError, SearchIdxError


class SolrError(SearchIdxError):
    """Solr is unreachable, timed out, refused a request, or is not what we need."""

    hint = "check the URL and that SolrCloud is running (`searchidx solr local` starts one)"


class SolrUnavailableError(SolrError, BackendUnavailableError):
    """No answer from Solr: connection refused or failed, or a timeout (worth a retry)."""


class CollectionVersionError(SolrError):
    """The collection was set up by another schema or analyzer version."""

    hint = "create a new collection (`searchidx solr init URL --collection NEW`) and re-index"


class LauncherError(SolrError):
    """The local SolrCloud launcher could not be built or started."""

    hint = "needs Java 17 and Maven (`mvn`) on PATH; run `make solr` to see the build output"
