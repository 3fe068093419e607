"""The content project: ``loctool.toml``, paths and article discovery.

Layout (every path relative to the project root, the nearest folder upwards holding
``loctool.toml``, else the current folder)::

    loctool.toml
    seeds/<slug>.txt|.md
    locales/templates/<slug>.pot
    locales/<lang>/LC_MESSAGES/<slug>.po
    glossary.csv
    out/<lang>/<slug>.txt
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import langs
from .errors import LoctoolError, SourceError, UsageError

CONFIG_NAME = "loctool.toml"
SOURCE_SUFFIXES = (".txt", ".md")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Config:
    source_language: str | None = None
    targets: tuple[str, ...] = langs.DEFAULT_TARGETS
    seeds: str = "seeds"
    locales: str = "locales"
    out: str = "out"
    team: str = ""
    engines: dict[str, str] = field(default_factory=dict)  # lang or "default" → engine spec
    beam_size: int = 4
    batch_tokens: int = 128


_TOP_KEYS = {"source_language", "targets", "seeds", "locales", "out", "team"}
_TABLES = {"engines", "translate"}


def load_config(path: Path) -> Config:
    if not path.exists():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LoctoolError(f"not valid TOML: {exc}", path) from None
    unknown = set(data) - _TOP_KEYS - _TABLES
    if unknown:
        raise LoctoolError(f"unknown setting {sorted(unknown)[0]!r}", path)
    where = str(path)
    source = data.get("source_language")
    if source is not None:
        source = langs.validate(str(source), where)
    targets = data.get("targets", list(langs.DEFAULT_TARGETS))
    if not isinstance(targets, list) or not targets:
        raise LoctoolError("targets must be a non-empty list of language codes", path)
    engines = data.get("engines", {})
    if not isinstance(engines, dict) or not all(isinstance(v, str) for v in engines.values()):
        raise LoctoolError("[engines] maps language codes (or 'default') to engine names", path)
    for lang in engines:
        if lang != "default":
            langs.validate(lang, where)
    translate = data.get("translate", {})
    unknown = set(translate) - {"beam_size", "batch_tokens"}
    if unknown:
        raise LoctoolError(f"unknown setting translate.{sorted(unknown)[0]}", path)
    beam = translate.get("beam_size", 4)
    batch_tokens = translate.get("batch_tokens", 128)
    for key, value in (("beam_size", beam), ("batch_tokens", batch_tokens)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise LoctoolError(f"translate.{key} must be a positive integer", path)
    for key in ("seeds", "locales", "out", "team"):
        if key in data and not isinstance(data[key], str):
            raise LoctoolError(f"{key} must be a string", path)
    return Config(
        source_language=source,
        targets=tuple(langs.validate(str(t), where) for t in targets),
        seeds=data.get("seeds", "seeds"),
        locales=data.get("locales", "locales"),
        out=data.get("out", "out"),
        team=data.get("team", ""),
        engines=dict(engines),
        beam_size=beam,
        batch_tokens=batch_tokens,
    )


@dataclass(frozen=True)
class CatalogRef:
    """One catalog of the project: a language and an article."""

    lang: str
    slug: str
    path: Path

    @property
    def label(self) -> str:
        return f"{self.lang}/{self.slug}"


@dataclass(frozen=True)
class Source:
    """A source article file of the project."""

    path: Path  # absolute, resolved
    slug: str
    rel: str  # POSIX path relative to the project root (used in #: references)


class Project:
    def __init__(self, root: Path, config: Config | None = None, cwd: Path | None = None) -> None:
        self.root = root.resolve()
        self.cwd = cwd or self.root  # relative paths given by the user start here
        self.config = config if config is not None else load_config(self.root / CONFIG_NAME)

    @classmethod
    def discover(cls, start: Path | None = None) -> Project:
        start = (start or Path.cwd()).resolve()
        for folder in (start, *start.parents):
            if (folder / CONFIG_NAME).is_file():
                return cls(folder, cwd=start)
        return cls(start, cwd=start)

    # paths ------------------------------------------------------------------
    @property
    def seeds_dir(self) -> Path:
        return self.root / self.config.seeds

    @property
    def locales_dir(self) -> Path:
        return self.root / self.config.locales

    @property
    def out_dir(self) -> Path:
        return self.root / self.config.out

    def pot_path(self, slug: str) -> Path:
        return self.locales_dir / "templates" / f"{slug}.pot"

    def po_path(self, lang: str, slug: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{slug}.po"

    def mo_path(self, lang: str, slug: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{slug}.mo"

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def targets(self, source_lang: str, only: list[str] | None = None) -> list[str]:
        """Target languages: ``only`` if given, else the configured ones; never the source."""
        wanted = only if only is not None else list(self.config.targets)
        return [lang for lang in wanted if lang != source_lang]

    # articles ---------------------------------------------------------------
    def source(self, given: str | Path) -> Source:
        """Validate one source path given by the user."""
        path = Path(given)
        if not path.is_absolute():
            path = self.cwd / path
        if not path.exists() and not path.is_symlink():
            raise SourceError("no such file", given)
        resolved = path.resolve()
        if not resolved.exists():
            raise SourceError("broken symbolic link", given)
        if resolved.is_dir():
            raise SourceError(
                "is a directory; give article files, or none for all of seeds/", given
            )
        try:
            rel = resolved.relative_to(self.root).as_posix()
        except ValueError:
            raise SourceError(
                f"is outside the project ({self.root}); copy it into {self.config.seeds}/", given
            ) from None
        if resolved.suffix not in SOURCE_SUFFIXES:
            raise SourceError(
                f"unsupported file type {resolved.suffix or '(none)'!r}; use .txt or .md", given
            )
        slug = resolved.stem
        if not _SLUG.match(slug) or ".." in slug:
            raise SourceError(
                "the file name must be a slug (letters, digits, '.', '_', '-')", given
            )
        return Source(resolved, slug, rel)

    def sources(self, given: list[str] | tuple[str, ...] = ()) -> list[Source]:
        """The sources named, or every article in the seeds folder."""
        if given:
            found = [self.source(g) for g in given]
        else:
            if not self.seeds_dir.is_dir():
                raise SourceError("no seeds folder; give article files", self.rel(self.seeds_dir))
            found = [
                self.source(p)
                for p in sorted(self.seeds_dir.iterdir())
                if p.suffix in SOURCE_SUFFIXES and p.is_file() and not p.name.startswith(".")
            ]
            if not found:
                raise SourceError("no articles (*.txt, *.md) here", self.rel(self.seeds_dir))
        slugs: dict[str, Source] = {}
        unique: list[Source] = []
        for src in found:
            other = slugs.get(src.slug)
            if other is not None and other.path != src.path:
                raise SourceError(f"same slug as {other.rel}; rename one of them", src.rel)
            if other is None:
                slugs[src.slug] = src
                unique.append(src)
        return unique

    def catalog_slugs(self) -> list[str]:
        """Slugs that have a template or any catalog, sorted."""
        slugs: set[str] = set()
        templates = self.locales_dir / "templates"
        if templates.is_dir():
            slugs.update(p.stem for p in templates.glob("*.pot"))
        slugs.update(p.stem for p in self.locales_dir.glob("*/LC_MESSAGES/*.po"))
        return sorted(slugs)

    def catalogs(
        self, only_langs: list[str] | None = None, slug: str | None = None
    ) -> list[CatalogRef]:
        """The catalogs ``locales/<lang>/LC_MESSAGES/<slug>.po`` (filtered), sorted by
        article then language."""
        found = []
        for lang in self.catalog_langs():
            if only_langs is not None and lang not in only_langs:
                continue
            for path in (self.locales_dir / lang / "LC_MESSAGES").glob("*.po"):
                if slug is None or path.stem == slug:
                    found.append(CatalogRef(lang, path.stem, path))
        found.sort(key=lambda c: (c.slug, c.lang))
        return found

    def catalog_langs(self) -> list[str]:
        return (
            sorted(
                p.name
                for p in self.locales_dir.iterdir()
                if p.is_dir() and p.name != "templates" and (p / "LC_MESSAGES").is_dir()
            )
            if self.locales_dir.is_dir()
            else []
        )

    def check_slug(self, slug: str) -> str:
        if not _SLUG.match(slug) or ".." in slug:
            raise UsageError(f"not a valid article slug: {slug!r}", "SLUG")
        return slug
