"""The content project: ``loctool.toml``, paths and article discovery.

Layout (every path relative to the project root, the nearest folder upwards holding
``loctool.toml``, else the current folder)::

    loctool.toml
    seeds/<slug>.txt|.md|.html|.srt|.vtt
    locales/templates/<slug>.pot
    locales/<lang>/LC_MESSAGES/<slug>.po (and .mo)
    glossary.csv
    memory/<src>-<tgt>.po
    out/<lang>/<slug>.txt

:class:`Project` alone knows this layout: every other module asks it for a path.
"""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from . import files, langs
from .engines.stream import CHUNK_TOKENS
from .errors import LoctoolError, SourceError, UsageError

CONFIG_NAME = "loctool.toml"
GLOSSARY_NAME = "glossary.csv"
MEMORY_FOLDER = "memory"  # imported translation memories: memory/<src>-<tgt>.po
TEMPLATES_FOLDER = "templates"  # in the locales folder: <slug>.pot
SOURCE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".srt", ".vtt")
SUPPORTED = ".txt, .md, .html, .srt or .vtt"
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
    chunk_tokens: int = CHUNK_TOKENS  # source tokens per engine call
    device: str = "auto"  # auto | cpu | cuda
    compute_type: str | None = None  # None: per device (int8 on CPU, int8_float16 on GPU)
    cluster_address: str | None = None  # [cluster] address: what ray.init(address=…) takes
    cluster_model_root: str | None = None  # [cluster] model_root: models on a shared path


# --------------------------------------------------------------------------- settings
#
# Every key of loctool.toml is one row of SETTINGS: its dotted name (``translate.beam_size``
# is ``beam_size`` in the ``[translate]`` table), the Config field it sets and a check.
# A check returns the value to keep or raises ValueError / LoctoolError with the reason
# (``ValueError(reason, name)`` for the entry ``name`` of a table); where a setting has a
# command-line twin, the check is the twin's (same rule, same words).


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {_toml_type(value)}")
    return value


def _line(value: object) -> str:
    """A string that goes into a catalog header: one line, no control characters."""
    text = _string(value)
    if any(ch < " " or ch == "\x7f" for ch in text):
        raise ValueError("must be one line without control characters")
    return text


def _folder(value: object) -> str:
    text = _string(value)
    if not text.strip() or "\0" in text:
        raise ValueError("must be a folder path (relative to the project)")
    return text


def _language(value: object) -> str:
    return langs.validate(_string(value))


def _languages(value: object) -> tuple[str, ...]:
    """Like ``--lang``: valid codes, duplicates dropped, at least one."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError('must be a list of language codes, e.g. ["kk", "ru"]')
    if any("," in v for v in value):
        raise ValueError("must be a list of language codes, one per string")
    return tuple(langs.parse_list(",".join(value), None) or ())


def _engine_map(value: object) -> dict[str, str]:
    """Like ``--engine``, per target language (or ``default``)."""
    from .engines.select import validate_spec  # light, but only needed here

    if not isinstance(value, dict):
        raise ValueError('must be a table: [engines] with lang = "engine" lines')
    engines = {}
    for lang, spec in value.items():
        try:
            if lang != "default":
                langs.validate(lang)
            engines[lang] = validate_spec(_string(spec))
        except LoctoolError as exc:
            raise ValueError(exc.message, lang) from None
        except ValueError as exc:
            raise ValueError(str(exc), lang) from None
    return engines


def _twin(name: str) -> Callable[[object], str]:
    """A string checked by its command-line twin's validator (``engines.ct2`` or
    ``engines.cluster``, light modules): ``--device``, ``--compute-type``, ``--cluster``."""

    def check(value: object) -> str:
        from .engines import cluster, ct2

        validators = {
            "device": ct2.validate_device,
            "compute_type": ct2.validate_compute_type,
            "address": cluster.validate_address,
            "model_root": cluster.validate_model_root,
        }
        return validators[name](_string(value))

    return check


def _integer(low: int, high: int | None = None) -> Callable[[object], int]:
    what = f"an integer from {low} to {high}" if high is not None else "a positive integer"

    def check(value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"must be {what}, not {_toml_type(value)}")
        if value < low or (high is not None and value > high):
            raise ValueError(f"must be {what} (got {value})")
        return value

    return check


def _toml_type(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    names |= {list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class Setting:
    key: str  # dotted: "table.name" lives in [table]
    field: str  # the Config attribute it sets
    check: Callable[[object], object]


SETTINGS: tuple[Setting, ...] = (
    Setting("source_language", "source_language", _language),
    Setting("targets", "targets", _languages),
    Setting("seeds", "seeds", _folder),
    Setting("locales", "locales", _folder),
    Setting("out", "out", _folder),
    Setting("team", "team", _line),
    Setting("engines", "engines", _engine_map),  # a table of free keys: one check for all
    Setting("translate.beam_size", "beam_size", _integer(1, 16)),  # as --beam-size
    Setting("translate.batch_tokens", "batch_tokens", _integer(1)),
    Setting("translate.chunk_tokens", "chunk_tokens", _integer(1)),
    Setting("translate.device", "device", _twin("device")),  # as --device
    Setting("translate.compute_type", "compute_type", _twin("compute_type")),
    Setting("cluster.address", "cluster_address", _twin("address")),  # as --cluster
    Setting("cluster.model_root", "cluster_model_root", _twin("model_root")),
)


def _flatten(data: dict[str, object], path: Path) -> dict[str, object]:
    """``{"translate": {"beam_size": 4}}`` → ``{"translate.beam_size": 4}`` for the tables
    SETTINGS names; unknown keys and a non-table where a table belongs are errors."""
    keys = {s.key for s in SETTINGS}
    tables = {k.split(".", 1)[0] for k in keys if "." in k}
    flat: dict[str, object] = {}
    for key, value in data.items():
        if key in tables:
            if not isinstance(value, dict):
                raise LoctoolError(
                    f"{key}: must be a table ([{key}]), not {_toml_type(value)}", path
                )
            for name, inner in value.items():
                if f"{key}.{name}" not in keys:
                    raise LoctoolError(f"unknown setting {key}.{name}", path)
                flat[f"{key}.{name}"] = inner
        elif key in keys:
            flat[key] = value
        else:
            raise LoctoolError(f"unknown setting {key!r}", path)
    return flat


def load_config(path: Path) -> Config:
    if not path.exists():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LoctoolError(f"not valid TOML: {exc}", path) from None
    flat = _flatten(data, path)
    values: dict[str, object] = {}
    for setting in SETTINGS:
        if setting.key not in flat:
            continue
        try:
            values[setting.field] = setting.check(flat[setting.key])
        except LoctoolError as exc:
            raise LoctoolError(f"{setting.key}: {exc.message}", path) from None
        except ValueError as exc:
            reason, *entry = exc.args
            raise LoctoolError(f"{'.'.join([setting.key, *entry])}: {reason}", path) from None
    return Config(**values)  # type: ignore[arg-type]


_DEFAULTS = {"seeds": Config.seeds, "locales": Config.locales, "out": Config.out}


@dataclass(frozen=True)
class CatalogRef:
    """One catalog of the project: a language and an article."""

    lang: str
    slug: str
    path: Path

    @property
    def label(self) -> str:
        return f"{self.lang}/{self.slug}"

    def origin(self, unit: int) -> str:
        """How the translation memory names unit ``unit`` of this catalog: ``kk/a.po#3``."""
        return f"{self.lang}/{self.path.name}#{unit}"


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
        self._real: dict[Path, Path] = {}
        self._check_folders()

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

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir / TEMPLATES_FOLDER

    def catalog_dir(self, lang: str) -> Path:
        """The folder of ``lang``'s catalogs: ``locales/<lang>/LC_MESSAGES``."""
        return self.locales_dir / lang / "LC_MESSAGES"

    def pot_path(self, slug: str) -> Path:
        return self.templates_dir / f"{slug}.pot"

    def po_path(self, lang: str, slug: str) -> Path:
        return self.catalog_dir(lang) / f"{slug}.po"

    def mo_path(self, lang: str, slug: str) -> Path:
        return self.catalog_dir(lang) / f"{slug}.mo"

    def out_path(self, lang: str, src: Source, out: Path | None = None) -> Path:
        """Where the rendered copy of ``src`` in ``lang`` goes: ``<out>/<lang>/<slug>``
        with the source's suffix (``out``: ``render --out``, else the configured folder)."""
        return (out if out is not None else self.out_dir) / lang / f"{src.slug}{src.path.suffix}"

    @property
    def memory_dir(self) -> Path:
        return self.root / MEMORY_FOLDER

    def memory_path(self, src: str, tgt: str) -> Path:
        """The imported translation memory of one language pair: ``memory/<src>-<tgt>.po``."""
        return self.memory_dir / f"{src}-{tgt}.po"

    def memory_files(self) -> dict[tuple[str, str], Path]:
        """The imported memories there are, by ``(src, tgt)``, sorted."""
        if not self.memory_dir.is_dir():
            return {}
        found = {}
        for path in sorted(self.memory_dir.glob("*-*.po")):
            src, tgt = path.stem.split("-", 1)
            found[src, tgt] = path
        return found

    def catalog_at(self, rel: str) -> CatalogRef | None:
        """The catalog a project-relative POSIX path names (``locales/kk/LC_MESSAGES/
        a.po``), or None when the path is not where a catalog lives: for file lists that
        do not come from the disk (``git ls-tree``)."""
        path = self.root / rel
        lang = path.parent.parent.name
        if path.suffix != ".po" or not lang or self.po_path(lang, path.stem) != path:
            return None
        return CatalogRef(lang, path.stem, path)

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    # the path rule ----------------------------------------------------------
    #
    # Every folder loctool reads or writes lies inside the project once symbolic links are
    # resolved: the configured seeds, locales and out, and the folders catalogs and
    # memories are written to (locales/<lang>/LC_MESSAGES, locales/templates, memory/).
    # A rendered copy never lands on an input: a source article (or in the seeds folder,
    # where it would become one), a catalog, template or .mo, loctool.toml, glossary.csv or
    # a memory file.  Only ``render --out DIR`` may point outside: the user's choice.

    def _check_folders(self) -> None:
        for key in ("seeds", "locales", "out"):
            label, where = self._setting(key)
            folder = self._inside(self.root / getattr(self.config, key), label, where)
            if folder.exists() and not folder.is_dir():
                raise LoctoolError(f"{label}is not a folder", where)
        self.check_out_dir(self.out_dir, *self._setting("out"))
        written = [self.memory_dir]  # besides the catalogs' own folders
        if self.locales_dir.is_dir():
            for sub in self.locales_dir.iterdir():
                written += [sub, self.catalog_dir(sub.name)] if sub.is_dir() else []
        for folder in written:
            if folder.exists():
                self._inside(folder, "", folder)

    def _setting(self, key: str) -> tuple[str, Path]:
        """How an error names a configured folder: ``loctool.toml: out = 'x' …`` when
        loctool.toml sets it, else the folder itself."""
        value = getattr(self.config, key)
        if value == _DEFAULTS[key]:
            return "", self.root / value
        return f"{key} = {value!r} ", self.root / CONFIG_NAME

    def _inside(self, folder: Path, label: str, where: str | Path) -> Path:
        real = self.real(folder)
        if not real.is_relative_to(self.root):
            raise LoctoolError(
                f"{label}is outside the project (it resolves to {real}); "
                f"loctool's folders must be inside {self.root}",
                where,
            )
        return real

    def real(self, path: Path) -> Path:
        """``path`` with every symbolic link resolved (cached: the folders do not move
        during a run)."""
        found = self._real.get(path)
        if found is None:
            try:
                found = self._real[path] = path.resolve()
            except (RuntimeError, OSError) as exc:  # a symbolic link loop
                raise LoctoolError(f"cannot resolve the path: {exc}", path) from None
        return found

    def check_out_dir(self, out: Path, label: str = "", where: str | Path = "--out") -> None:
        """The folder of rendered copies holds neither the seeds nor the catalogs, and is
        not inside the catalogs (``label`` starts the message: ``"out = '.' "``)."""
        if out.is_symlink() and not out.exists():
            raise UsageError(f"{label}is a broken symbolic link", where)
        folder = self.real(out)
        for name, inner in (("seeds", self.seeds_dir), ("catalogs", self.locales_dir)):
            if self.real(inner).is_relative_to(folder):
                raise UsageError(
                    f"{label}contains the {name} folder {self.rel(inner)}/; rendered copies "
                    "would overwrite the project's inputs, choose another folder",
                    where,
                )
        if folder.is_relative_to(self.real(self.locales_dir)):
            raise UsageError(
                f"{label}is inside the catalogs folder {self.rel(self.locales_dir)}/; "
                "choose another folder",
                where,
            )

    def check_output(
        self, path: Path, inputs: Container[Path] = frozenset(), *, outside_ok: bool = False
    ) -> None:
        """Refuse a rendered copy at ``path`` when the file it would replace, or the file
        it links to, is an input of the project (``inputs``: resolved paths of further
        source articles), or — unless ``outside_ok`` — when it is outside the project."""
        written = self.real(path.parent) / path.name
        if not outside_ok and not written.is_relative_to(self.root):
            raise LoctoolError(
                f"would be written outside the project (to {written}, through a symbolic "
                "link); loctool writes only inside the project",
                path,
            )
        for target in {written, self.real(path)}:
            what = "a source article" if target in inputs else self._input_kind(target)
            if what:
                verb = "overwrite" if target.exists() else "create"
                raise UsageError(
                    f"the rendered copy would {verb} {what}, {self.rel(target)}; choose "
                    "another output folder (--out, or out in loctool.toml)",
                    path,
                )

    def _input_kind(self, target: Path) -> str | None:
        """What ``target`` (a resolved path) is, when it is an input of the project."""
        if target == self.root / CONFIG_NAME:
            return "the project configuration"
        if target == self.root / GLOSSARY_NAME:
            return "the glossary"
        if target.parent == self.real(self.seeds_dir):
            return "a source article" if target.exists() else "an article in the seeds folder"
        if target.is_relative_to(self.real(self.locales_dir)):
            return "a file of the catalogs folder"
        if target.is_relative_to(self.real(self.memory_dir)):
            return "a file of the memory folder"
        return None

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
        try:
            resolved = path.resolve()
        except (RuntimeError, OSError):  # Python raises RuntimeError for a loop
            raise SourceError("is a symbolic link loop", given) from None
        if not resolved.exists():
            raise SourceError("broken symbolic link", given)
        if resolved.is_dir():
            raise SourceError(
                "is a directory; give article files, or none for all of seeds/", given
            )
        if not resolved.is_file():  # never opened: a FIFO would block the read
            raise SourceError(
                f"is {files.kind(resolved.stat().st_mode)}, not an article; give a text file",
                given,
            )
        try:
            rel = resolved.relative_to(self.root).as_posix()
        except ValueError:
            raise SourceError(
                f"is outside the project ({self.root}); copy it into {self.config.seeds}/", given
            ) from None
        if resolved.suffix not in SOURCE_SUFFIXES:
            raise SourceError(
                f"unsupported file type {resolved.suffix or '(none)'!r}; use {SUPPORTED}", given
            )
        slug = resolved.stem
        if not _is_slug(slug):
            raise SourceError(
                "the file name must be a slug (letters, digits, '.', '_', '-')", given
            )
        return Source(resolved, slug, rel)

    def sources(self, given: list[str] | tuple[str, ...] = ()) -> list[Source]:
        """The articles named (source files or slugs, see :meth:`article`), or every
        article in the seeds folder."""
        if given:
            found = [self.article(g) for g in given]
        else:
            if not self.seeds_dir.is_dir():
                raise SourceError("no seeds folder; give article files", self.rel(self.seeds_dir))
            found = [
                self.source(p)
                for p in sorted(self.seeds_dir.iterdir())
                if p.suffix in SOURCE_SUFFIXES and p.is_file() and not p.name.startswith(".")
            ]
            if not found:
                raise SourceError(f"no articles ({SUPPORTED}) here", self.rel(self.seeds_dir))
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

    # the slug-or-path rule --------------------------------------------------
    #
    # Every command that names an article takes its slug or its source file alike:
    # ``kazakhstan-tajikistan-cooperation`` or ``seeds/kazakhstan-tajikistan-cooperation.txt``.
    # A slug of a known article wins; anything that looks like a file (an article suffix,
    # a path separator, or a file that is there) is a source path; what is left must be a
    # valid slug, and an unknown one is an error that names it.

    def article(self, given: str) -> Source:
        """The source article ``given`` names (a slug or a path): for extract and
        translate, which read the source."""
        if _is_slug(given):
            found = self._sources_of(given)
            if len(found) > 1:
                names = ", ".join(sorted(self.rel(p) for p in found))
                raise UsageError(
                    f"{given!r} names several sources ({names}); give the file", "SLUG"
                )
            if found:
                return self.source(found[0])
            if given in self._catalog_slugs():
                raise UsageError(
                    f"article {given!r} has catalogs but no source in {self.config.seeds}/; "
                    "give the source file",
                    "SLUG",
                )
        if not self._looks_like_path(given):
            self._unknown(given)
        return self.source(self._in_seeds(given))

    def article_slug(self, given: str, also: Container[str] = ()) -> str:
        """The slug of the article ``given`` names (a slug or a source path): for the
        commands that work on catalogs.  ``also``: further slugs to accept (``diff --rev``:
        articles that had catalogs at the revision)."""
        if _is_slug(given) and (given in also or given in self.known_slugs()):
            return given
        if not self._looks_like_path(given):
            self._unknown(given)
        if (self.cwd / given).is_dir():
            raise SourceError("is a directory; give an article's slug or source file", given)
        return self.source(self._in_seeds(given)).slug

    def _in_seeds(self, given: str) -> str | Path:
        """A bare file name that is not here but in the seeds folder means that file
        (``translate cooperation.txt`` from the project root)."""
        here = self.cwd / given
        if here.exists() or here.is_symlink() or "/" in given or os.sep in given:
            return given
        seeded = self.seeds_dir / given
        return seeded if seeded.is_file() else given

    def known_slugs(self) -> set[str]:
        """Slugs with a source article in the seeds folder, a template or a catalog."""
        found = self._catalog_slugs()
        if self.seeds_dir.is_dir():
            found.update(
                p.stem
                for p in self.seeds_dir.iterdir()
                if p.suffix in SOURCE_SUFFIXES and not p.name.startswith(".")
            )
        return found

    def _looks_like_path(self, given: str) -> bool:
        path = Path(given)
        if path.suffix in SOURCE_SUFFIXES or "/" in given or os.sep in given:
            return True
        full = path if path.is_absolute() else self.cwd / path
        return full.exists() or full.is_symlink()

    def _sources_of(self, slug: str) -> list[Path]:
        """The files of the seeds folder with this slug, else the file the article's
        template was extracted from (its first ``#:`` reference), when it exists."""
        found = [self.seeds_dir / f"{slug}{suffix}" for suffix in SOURCE_SUFFIXES]
        found = [p for p in found if p.is_file()]
        if found:
            return found
        pot = self.pot_path(slug)
        if pot.is_file():
            from . import catalog  # the catalog layer, only for this fallback

            with contextlib.suppress(LoctoolError):
                for entry in catalog.load(pot):
                    for ref, _line in entry.occurrences:
                        path = self.root / ref
                        if path.is_file() and path.stem == slug:
                            return [path]
                    break
        return []

    def _unknown(self, given: str) -> NoReturn:
        self.check_slug(given)
        raise UsageError(
            f"no article {given!r} (no source in {self.config.seeds}/, no catalog in "
            f"{self.config.locales}/); give a slug or a source file",
            "SLUG",
        )

    def _catalog_slugs(self) -> set[str]:
        """Slugs that have a template or any catalog."""
        slugs = {ref.slug for ref in self.catalogs()}
        if self.templates_dir.is_dir():
            slugs.update(p.stem for p in self.templates_dir.glob("*.pot"))
        return slugs

    def catalogs(
        self, only_langs: list[str] | None = None, slug: str | None = None
    ) -> list[CatalogRef]:
        """The catalogs ``locales/<lang>/LC_MESSAGES/<slug>.po`` (filtered), sorted by
        article then language."""
        found = []
        for lang in self.catalog_langs():
            if only_langs is not None and lang not in only_langs:
                continue
            for path in self.catalog_dir(lang).glob("*.po"):
                if slug is None or path.stem == slug:
                    found.append(CatalogRef(lang, path.stem, path))
        found.sort(key=lambda c: (c.slug, c.lang))
        return found

    def catalog_langs(self) -> list[str]:
        return (
            sorted(
                p.name
                for p in self.locales_dir.iterdir()
                if p.is_dir() and p.name != TEMPLATES_FOLDER and self.catalog_dir(p.name).is_dir()
            )
            if self.locales_dir.is_dir()
            else []
        )

    def check_slug(self, slug: str) -> str:
        if not _is_slug(slug):
            raise UsageError(f"not a valid article slug: {slug!r}", "SLUG")
        return slug


def _is_slug(text: str) -> bool:
    return bool(_SLUG.match(text)) and ".." not in text
