"""The log files of an input, numbered and named as ``cfsign logs`` numbers and names them.

``cfsign logs`` reads the files it is given in their order (a shell glob expands in byte order
with ``LC_ALL=C``; an ``s3://bucket/prefix/`` in ListObjectsV2's order, by key) and names each as
given (``logs/a.log.gz``, ``s3://bucket/key``). A bad line is listed by (file index, line). The
engines see the same files under other spellings (Spark: ``file:/abs/path`` URIs, percent-encoded;
``s3a://``), so each file is matched by its identity (``file_key``) and given the CLI's index and
name here, on the driver. A brace glob (Hadoop's ``{a,b}``, which Spark reads) is numbered as
bash expands it for ``cfsign logs`` (``expand_braces``): Python's ``glob`` has no braces.
"""

import glob
import os
from urllib.parse import unquote, urlsplit

_S3 = ("s3", "s3a", "s3n")


def file_key(name):
    """A file's identity whichever way it is spelled: ``("s3", bucket, key)`` for ``s3://``,
    ``s3a://`` and ``s3n://``; ``("file", "", absolute path)`` for a local path or ``file:`` URI."""
    u = urlsplit(name)
    if u.scheme in _S3:
        return ("s3", u.netloc, unquote(u.path).lstrip("/"))
    if u.scheme == "file":
        return ("file", "", os.path.normpath(unquote(u.path)))
    if u.scheme and len(u.scheme) > 1:
        return (u.scheme, u.netloc, unquote(u.path))
    return ("file", "", os.path.abspath(name))


def _split_top(inner):
    """``inner`` (a brace group's text) cut at its commas outside nested braces."""
    out, depth, start, i = [], 0, 0, 0
    while i < len(inner):
        c = inner[i]
        if c == "\\":
            i += 1
        elif c == "{":
            depth += 1
        elif c == "}" and depth:
            depth -= 1
        elif c == "," and not depth:
            out.append(inner[start:i])
            start = i + 1
        i += 1
    return out + [inner[start:]]


def expand_braces(pattern):
    """The paths a brace glob stands for, in the order written, as bash expands braces before
    it globs (``logs/{b,a}*.gz`` -> ``logs/b*.gz``, ``logs/a*.gz``; nested and several groups:
    ``a{b,c{d,e}}{1,2}``): what Hadoop's glob (Spark's) reads, numbered as ``cfsign logs`` numbers
    a shell's expansion. Unlike bash, a group of one (``{a}``) is that one (Hadoop's reading);
    bash's sequences (``{1..3}``) are not expanded (Hadoop has none). ``\\`` escapes a brace or a
    comma. A path without a closed group is itself."""
    depth, start, i = 0, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1
        elif c == "{":
            if not depth:
                start = i
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            if not depth:
                head, tail = pattern[:start], expand_braces(pattern[i + 1 :])
                return [
                    head + alt + rest
                    for group in _split_top(pattern[start + 1 : i])
                    for alt in expand_braces(group)
                    for rest in tail
                ]
        i += 1
    return [pattern]


def _is_glob(path):
    return any(c in path for c in "*?[")


def _names_of(given, keys):
    """``(key, name)`` of the engine's files (``keys``) that ``given`` (one path the caller gave)
    covers, in the order ``cfsign logs`` reads them."""
    g = file_key(given)
    if g[0] == "s3":
        prefix = g[2]
        mine = [k for k in keys if k[0] == "s3" and k[1] == g[1] and k[2].startswith(prefix)]
        # ListObjectsV2's order: by key, as UTF-8 bytes.
        mine.sort(key=lambda k: k[2].encode())
        return [(k, f"s3://{k[1]}/{k[2]}") for k in mine]
    if g[0] != "file":
        mine = sorted(k for k in keys if k[:2] == g[:2] and k[2].startswith(g[2]))
        return [(k, f"{k[0]}://{k[1]}{k[2]}") for k in mine]
    local = unquote(urlsplit(given).path) if given.startswith("file:") else given
    wanted = set(keys)
    if _is_glob(local):
        found = [(file_key(n), n) for n in glob.glob(local)]
        named = [(k, n) for k, n in found if k in wanted]
    elif os.path.isdir(local):
        root = os.path.abspath(local)
        named = [
            (k, os.path.join(local, os.path.relpath(k[2], root)))
            for k in keys
            if k[0] == "file" and k[2].startswith(root.rstrip("/") + "/")
        ]
    else:
        named = [(g, local)] if g in wanted else []
    # A shell glob's order with LC_ALL=C: by the name, as bytes.
    named.sort(key=lambda kn: os.fsencode(kn[1]))
    return named


def log_files(paths, engine_files):
    """``(names, index)``: the names of the files in ``cfsign logs``' order, and a dict of each
    engine file's ``file_key`` to its index. ``paths``: what the caller gave (a path, a folder, a
    glob, an ``s3://`` prefix, or a list of them); ``engine_files``: the files the engine read,
    spelled its way (``DataFrame.inputFiles()``)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    keys = sorted({file_key(f) for f in engine_files})
    names, index = [], {}
    covered = (alt for given in paths for alt in expand_braces(os.fspath(given)))
    for given in covered:
        for key, name in _names_of(given, keys):
            if key not in index:
                index[key] = len(names)
                names.append(name)
    # A file the engine read that no given path accounts for (a path spelled another way): last,
    # by its own name.
    for key in keys:
        if key not in index:
            index[key] = len(names)
            names.append(key[2] if key[0] == "file" else f"s3://{key[1]}/{key[2]}")
    return names, index


__all__ = ["expand_braces", "file_key", "log_files"]
