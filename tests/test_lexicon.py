"""The decompounding lexicon: merging, the on-disk cache and working without ngerman."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from analyzers import compounds, lexicon
from analyzers.lexicon import LOWER, NOUN, Lexicon, build_lexicon, cache_file, get_lexicon
from analyzers.lexicon_table import MappedEntries

ROOT = Path(__file__).resolve().parent.parent

# A tiny stand-in for wordfreq (centi-Zipf, "ß" folded as wordfreq does).
FAKE_WORDFREQ = {"flughafen": 475, "strasse": 527, "laufen": 500, "kursk": 238, "xq": 150}
FAKE_NGERMAN = "Flughafen\nStraße\nlaufen\nABC\nMcDonald\nZugspitze947\nHaubitze\n"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A private cache dir; the process-wide lexicon and split cache are restored after."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(lexicon, "_lexicon", None)
    monkeypatch.setattr(compounds, "_cache", {})
    yield


@pytest.fixture()
def fake_sources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    ngerman = tmp_path / "ngerman"
    ngerman.write_text(FAKE_NGERMAN, encoding="utf-8")
    monkeypatch.setenv(lexicon.NGERMAN_ENV, str(ngerman))
    monkeypatch.setattr(lexicon, "_wordfreq_centi_zipf", lambda: dict(FAKE_WORDFREQ))
    return ngerman


def test_merges_frequencies_with_dictionary_flags(fake_sources: Path) -> None:
    lex = build_lexicon(fake_sources)
    assert lex.has_ngerman
    assert lex.entry("flughafen") == (4.75, NOUN)
    assert lex.entry("laufen") == (5.0, LOWER)
    assert lex.entry("straße") == (5.27, NOUN)  # ngerman spelling, wordfreq's frequency
    assert lex.entry("strasse") == (5.27, 0)  # wordfreq's own spelling, not in ngerman
    assert lex.entry("haubitze") == (0.0, NOUN)  # known to ngerman only
    assert lex.entry("kursk") == (2.38, 0)  # frequent enough without ngerman
    assert lex.entry("xq") is None  # rare and not in ngerman
    assert lex.entry("abc") is None and lex.entry("mcdonald") is None
    assert lex.zipf("unbekannt") == 0.0


def test_without_ngerman_sharp_s_is_folded_like_wordfreq() -> None:
    lex = Lexicon(entries={"strasse": 527 << lexicon.FLAG_BITS}, has_ngerman=False)
    assert lex.entry("straße") == (5.27, 0)
    assert lex.zipf("straße") == 5.27


def test_cache_file_is_written_and_reused(
    fake_sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = get_lexicon()
    path = cache_file(fake_sources)
    assert path.parent == tmp_path / "cache" / "searchidx"
    assert path.is_file()

    def no_build(ngerman: Path) -> Lexicon:
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(lexicon, "build_lexicon", no_build)
    lexicon.reset_lexicon()
    loaded = get_lexicon()
    assert loaded == built
    assert get_lexicon() is loaded  # loaded once per process


def test_cache_key_follows_ngerman_and_version(
    fake_sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = cache_file(fake_sources)
    assert f"lexicon-v{lexicon.LEXICON_VERSION}-" in before.name
    fake_sources.write_text(FAKE_NGERMAN + "Rakete\n", encoding="utf-8")
    assert cache_file(fake_sources) != before
    monkeypatch.setattr(lexicon, "LEXICON_VERSION", lexicon.LEXICON_VERSION + 1)
    assert cache_file(fake_sources).name != before.name


def test_stale_cache_files_are_removed(fake_sources: Path, tmp_path: Path) -> None:
    directory = tmp_path / "cache" / "searchidx"
    directory.mkdir(parents=True)
    stale = directory / "lexicon-v0-0123456789abcdef.marshal"
    stale.write_bytes(b"old")
    get_lexicon()
    assert not stale.exists()
    assert cache_file(fake_sources).is_file()


def test_corrupt_cache_is_rebuilt(fake_sources: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = cache_file(fake_sources)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage")
    with caplog.at_level(logging.WARNING, logger="analyzers.lexicon"):
        assert get_lexicon().entry("flughafen") == (4.75, NOUN)
    assert "corrupt" in caplog.text
    assert lexicon._read_cache(path, path.stem) is not None


def test_unwritable_cache_dir_builds_in_memory(
    fake_sources: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    with caplog.at_level(logging.WARNING, logger="analyzers.lexicon"):
        assert get_lexicon().entry("laufen") == (5.0, LOWER)
    assert "not written" in caplog.text
    assert capsys.readouterr().out == ""


def test_without_wordfreq_nothing_is_split(
    fake_sources: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lexicon, "_wordfreq_centi_zipf", dict)
    assert get_lexicon().entries == {}
    assert compounds.split_compound("raketenwerfer") == ["raketenwerfer"]


def test_works_without_ngerman(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Real wordfreq data, ngerman path pointing at a missing file."""
    monkeypatch.setenv(lexicon.NGERMAN_ENV, str(tmp_path / "missing"))
    lex = get_lexicon()
    assert not lex.has_ngerman
    assert len(lex.entries) > 100_000
    assert compounds.split_compound("kurskoffensive") == ["kursk", "offensive"]
    assert compounds.split_compound("raketenwerfer") == ["raketen", "werfer"]
    assert compounds.split_compound("bundesregierung") == ["bundes", "regierung"]
    for word in ("soldaten", "verhandlung", "mitgliedschaft", "untergang"):
        assert compounds.split_compound(word) == [word]
    assert capsys.readouterr().out == ""


def test_lexicon_loads_lazily_and_silently() -> None:
    code = (
        "import analyzers.compounds as c, analyzers.lexicon as l\n"
        "c.split_compound('Haus'); c.split_compound('Zugspitze947')\n"
        "assert l._lexicon is None, 'loaded for words that are never split'\n"
        "c.split_compound('Raketenwerfer')\n"
        "assert l._lexicon is not None\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_cached_lexicon_is_mapped_not_parsed(fake_sources: Path) -> None:
    built = get_lexicon()
    assert isinstance(built.entries, dict)  # the process that built it keeps the dict
    lexicon.reset_lexicon()
    loaded = get_lexicon()
    assert isinstance(loaded.entries, MappedEntries)
    assert loaded.entry("straße") == (5.27, NOUN) and loaded.entry("xq") is None


def test_a_mapped_lexicon_survives_its_file_being_replaced(fake_sources: Path) -> None:
    get_lexicon()
    lexicon.reset_lexicon()
    mapped = get_lexicon()
    path = cache_file(fake_sources)
    lexicon._write_cache(path, path.stem, Lexicon(entries={"haus": 4}, has_ngerman=True))
    assert mapped.entry("flughafen") == (4.75, NOUN)  # still the old file's contents


def test_stale_cleanup_spares_another_builds_temporary_file(fake_sources: Path) -> None:
    directory = cache_file(fake_sources).parent
    directory.mkdir(parents=True)
    in_progress = directory / ".lexicon-abc123.tmp"
    in_progress.write_bytes(b"half")
    get_lexicon()
    assert in_progress.exists()


# Run in fresh processes at once: a fake wordfreq that notes each build and is
# slow enough for all of them to find no cache file.
_CONCURRENT_RUN = """
import sys, time
from analyzers import lexicon
def fake_wordfreq():
    with open(sys.argv[1], "a") as log:
        log.write("built\\n")
    time.sleep(1.5)
    return {"flughafen": 475, "laufen": 500}
lexicon._wordfreq_centi_zipf = fake_wordfreq
print(lexicon.get_lexicon().entry("flughafen"))
"""


def test_concurrent_first_runs_build_once_and_agree(fake_sources: Path, tmp_path: Path) -> None:
    builds = tmp_path / "builds.log"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _CONCURRENT_RUN, str(builds)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0] * 4, outputs
    assert {out for out, _ in outputs} == {"(4.75, 1)\n"}
    assert builds.read_text() == "built\n"
    files = sorted(p.name for p in cache_file(fake_sources).parent.iterdir())
    assert files == [cache_file(fake_sources).name, "lexicon.lock"]
