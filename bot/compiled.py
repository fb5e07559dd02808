"""The knowledge base compiled once, and kept between starts.

Parsing and validating `knowledge/` and building the answerer's indexes was most of a worker's
start-up. After a load that passed validation, what a process needs (the Answerer with its
KnowledgeBase and indexes, the playbooks, the quiz bank) is pickled under SRM_CACHE_DIR, keyed
by a hash of every file under the knowledge folder (paths and bytes), srm-bot's own code, the
Python version and the stemmer's. Any change to one of them, a missing, unreadable, corrupt or
foreign file, or a folder that cannot be used safely, and the YAML is read again as before:
the cache never changes an answer or an error, only how long a start takes. A load that fails
is never cached, so a broken file always reports `file:line: field: problem`.

Security: unpickling runs code chosen by whoever wrote the file. The cache is only read from a
folder owned by this user and writable by nobody else, and only from a regular file (not a
symlink) owned by this user and writable by nobody else; files are written 0600, atomically.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import pickle
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import Stemmer

from bot.answering import Answerer
from bot.answering.matcher import Target
from bot.knowledge import DEFAULT_DIR, KnowledgeBase, Source, load_knowledge
from bot.knowledge.playbooks import Playbook, load_playbooks
from bot.knowledge.schema import Pointer
from bot.quiz import QuestionBank, load_bank

log = logging.getLogger(__name__)

FORMAT = b"srm-bot compiled knowledge 1\n"
"""First line of a cache file; the second is the key (hex) it was compiled for."""
_CODE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Compiled:
    """Everything a process builds from the knowledge folder."""

    answerer: Answerer
    playbooks: tuple[Playbook, ...]
    bank: QuestionBank

    @property
    def kb(self) -> KnowledgeBase:
        return self.answerer.kb


def compile_knowledge(root: Path | str | None = None) -> Compiled:
    """The YAML path: load and validate everything (raises KnowledgeError), then index it."""
    kb = load_knowledge(root)
    return Compiled(answerer=Answerer(kb), playbooks=load_playbooks(root, services=kb.services),
                    bank=load_bank(kb, root))


_VALUES = (Source, Pointer, Target)
"""Immutable values whose equal copies are interchangeable (no code keeps them apart by identity)."""


def share_equal_values(root: object) -> None:
    """Replace equal strings, tuples and small values in the object graph by one shared copy.

    The same URL, date, owner, list of sources or matcher target recurs hundreds of times: one
    copy of each is a worker's memory saved, and the pickle keeps the sharing. Done once, just
    before the cache is written, while nothing has answered from the objects yet; frozen
    dataclasses are written with object.__setattr__ here only.
    """
    pool: dict[Any, Any] = {}
    done: dict[int, Any] = {}
    originals: list[Any] = []  # alive until the end, so no id() is reused during the walk

    def canon(value: Any) -> Any:
        if id(value) in done:
            return done[id(value)]
        originals.append(value)
        done[id(value)] = value  # provisional: a cycle sees the object itself
        result = value
        if isinstance(value, str):
            result = sys.intern(value)
        elif type(value) is tuple:
            result = tuple(canon(item) for item in value)
            with contextlib.suppress(TypeError):  # holds something unhashable: kept as is
                result = pool.setdefault(result, result)
        elif isinstance(value, frozenset):
            result = pool.setdefault(value, frozenset(canon(item) for item in value))
        elif isinstance(value, dict):
            items = [(canon(k), canon(v)) for k, v in value.items()]
            value.clear()
            value.update(items)
        elif isinstance(value, list):
            value[:] = [canon(item) for item in value]
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                object.__setattr__(value, field.name, canon(getattr(value, field.name)))
            if isinstance(value, _VALUES):
                result = pool.setdefault(value, value)
        elif type(value).__module__.startswith("bot.") and hasattr(value, "__dict__"):
            for name, item in list(vars(value).items()):
                if not callable(item):
                    setattr(value, name, canon(item))
        done[id(value)] = result
        return result

    canon(root)
    # `canon` is in a cycle with its own closure: emptied here, these never wait for the garbage
    # collector (which a gunicorn worker postpones during start-up; see bot/__init__.py).
    done.clear()
    originals.clear()
    pool.clear()


def load_compiled(root: Path | str | None, cache_dir: Path | None) -> Compiled:
    """The compiled knowledge of `root`: from the cache when it is current, else from the YAML
    (then stored for the next start). `cache_dir` None: no cache."""
    root = Path(root or DEFAULT_DIR).resolve()
    if cache_dir is None:
        return compile_knowledge(root)
    try:
        key = fingerprint(root)
    except OSError:  # an unreadable file: the YAML path reports it with its name
        return compile_knowledge(root)
    path = cache_dir / f"knowledge-{hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()}.pickle"
    usable = _safe_dir(cache_dir)
    if usable:
        cached = _read(path, key)
        if cached is not None:
            return cached
    compiled = compile_knowledge(root)
    if usable:
        try:
            unchanged = fingerprint(root) == key  # edited while it was read: not worth keeping
        except OSError:
            unchanged = False
        if unchanged:
            _write(path, key, compiled)
    return compiled


def fingerprint(root: Path) -> bytes:
    """What the compiled objects depend on: every file under the knowledge folder (its relative
    path and bytes), srm-bot's code, and the Python and stemmer versions."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(FORMAT)
    digest.update(f"{sys.version}\0{sys.implementation.cache_tag}\0{Stemmer.version()}\0".encode())
    for base, pattern in ((_CODE, "*.py"), (root, "*")):
        digest.update(b"\0\0" + str(base).encode())
        for path in sorted(base.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                data = path.read_bytes()
                digest.update(f"\0{path.relative_to(base)}\0{len(data)}\0".encode())
                digest.update(data)
    return digest.hexdigest().encode()


def _safe_dir(cache_dir: Path) -> bool:
    """Create the folder 0700 if needed; use it only if it is ours and nobody else can write it."""
    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(cache_dir)
    except OSError as error:
        log.warning("knowledge cache off: cannot use %s (%s)", cache_dir, error.strerror or error)
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        log.warning("knowledge cache off: %s is not a folder owned by this user and writable only by it",
                    cache_dir)
        return False
    return True


def _read(path: Path, key: bytes) -> Compiled | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("knowledge cache ignored: cannot open %s (%s)", path, error.strerror or error)
        return None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
            log.warning("knowledge cache ignored: %s is not a file owned by this user and writable only by it", path)
            return None
        if file.readline() != FORMAT or file.readline() != key + b"\n":
            return None  # another version, or other knowledge: compiled again and replaced
        try:
            # Safe only because of the ownership checks above: see the module's docstring.
            compiled = pickle.load(file)
        except Exception as error:  # a corrupt file can fail in any way unpickling can
            log.warning("knowledge cache ignored: %s is unreadable (%s)", path, error.__class__.__name__)
            return None
    return compiled if isinstance(compiled, Compiled) else None


def _write(path: Path, key: bytes, compiled: Compiled) -> None:
    """Atomically: a process starting meanwhile sees the old file or the new one, never half."""
    share_equal_values(compiled)  # ~60 ms, paid once per change: every later start reads the shared copies
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".knowledge-", suffix=".tmp")  # 0600
        with os.fdopen(fd, "wb") as file:
            file.write(FORMAT + key + b"\n")
            pickle.dump(compiled, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError) as error:
        log.warning("knowledge cache not written to %s (%s)", path.parent, error)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
