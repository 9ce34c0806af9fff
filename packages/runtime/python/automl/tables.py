"""Reading tables (MLTable folders, CSV files): every file is checked first, so a bad one is one line
naming the file and the problem (empty, header only, ragged, not UTF-8, another delimiter), never a
pandas traceback."""
import codecs
import csv
import glob
import json
import os

import pandas as pd

from .errors import UserError

# MLTable's encoding names (read_delimited) → Python codecs; other names are tried as codecs as they are.
ENCODINGS = {"utf8": "utf-8", "utf-8": "utf-8", "utf8bom": "utf-8-sig", "iso88591": "latin-1", "latin1": "latin-1",
             "ascii": "ascii", "utf16": "utf-16", "utf32": "utf-32", "windows1252": "cp1252"}
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# Bytes decoded at a time when checking a file's encoding.
CHUNK = 1 << 20
# pandas reads fields of any length: so does the shape check (the csv module stops at 128 KiB by default).
csv.field_size_limit(2**31 - 1)


def parse_mltable(text):
    """Reads the MLTable files Sluice writes (and simple hand-written ones)."""
    try:
        import yaml
        doc = yaml.safe_load(text) or {}
    except ImportError:  # the format Sluice writes, without PyYAML
        doc = {"paths": [], "transformations": [{"read_delimited": {}}]}
        for line in text.splitlines():
            key, _, value = line.strip().lstrip("- ").partition(":")
            value = value.strip().strip('"')
            if key == "pattern" or key == "file":
                doc["paths"].append({key: value})
            elif key in ("delimiter", "encoding", "header"):
                doc["transformations"][0]["read_delimited"][key] = value
    reader = {}
    for step in doc.get("transformations") or []:
        if isinstance(step, dict) and "read_delimited" in step:
            reader = step["read_delimited"] or {}
    return doc.get("paths") or [], reader


def _codec(path, encoding):
    """The Python codec of an MLTable encoding; UTF-8 reads past a byte-order mark."""
    codec = ENCODINGS.get(str(encoding).lower().replace("-", "").replace("_", ""), encoding)
    try:
        codecs.lookup(codec)
    except LookupError:
        raise UserError(f"{path}: encoding '{encoding}' is not one Python knows; use utf8") from None
    return "utf-8-sig" if codec == "utf-8" else codec


def _check_text(path, codec):
    """Not blank, and text in `codec` throughout: read in chunks, so a large file is never held whole."""
    decoder = codecs.getincrementaldecoder(codec)()
    offset, blank = 0, True
    with open(path, "rb") as f:
        while True:
            chunk = f.read(CHUNK)
            try:
                text = decoder.decode(chunk, not chunk)
            except UnicodeDecodeError as error:
                # The decoder keeps an unfinished character's bytes: they come first in `error.object`.
                at = offset - (len(error.object) - len(chunk)) + error.start
                name = "UTF-8" if codec.startswith("utf-8") else codec
                raise UserError(f"{path} is not {name} text (byte 0x{error.object[error.start]:02x} at offset {at}); "
                                f"save it as {name}") from None
            blank = blank and not text.strip()
            if not chunk:
                break
            offset += len(chunk)
    if blank:
        raise UserError(f"{path} is empty")


def _other_delimiter(lines, sep):
    """The delimiter the first lines agree on when `sep` splits nothing: `;` in a `,` file, and so on."""
    for cand in DELIMITERS:
        if cand == sep:
            continue
        counts = {len(next(csv.reader([line], delimiter=cand))) for line in lines}
        if len(counts) == 1 and counts.pop() > 1:
            return cand
    return None


def _first_lines(f, count):
    lines = []
    for line in f:
        if line.strip():
            lines.append(line.rstrip("\r\n"))
        if len(lines) == count:
            break
    f.seek(0)
    return lines


def _check_shape(path, f, sep, header, hint):
    """Header, row count and the same number of fields on every line (blank lines are skipped, as pandas does)."""
    lines = _first_lines(f, 5)
    if len(next(csv.reader([lines[0]], delimiter=sep))) == 1:
        found = _other_delimiter(lines, sep)
        if found:
            raise UserError(f"{path} looks {DELIMITERS[found]}-separated: {hint(found)}")
    reader = csv.reader(f, delimiter=sep)
    width, rows = None, 0
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if width is None:
                width = len(row)
                rows += 0 if header else 1
                continue
            if len(row) != width:
                what = "the header has" if header else "the first line has"
                raise UserError(f"{path}: line {reader.line_num} has {len(row)} fields, {what} {width}")
            rows += 1
    except csv.Error as error:
        raise UserError(f"{path}: line {reader.line_num} cannot be read: {error}") from None
    if rows == 0:
        raise UserError(f"{path} has a header but no rows")


def read_csv(path, sep=",", encoding="utf8", header=True, hint=None):
    """One delimited file as a data frame, checked first; `hint(delimiter)` says how to pass another delimiter."""
    hint = hint or (lambda d: f"save it comma-separated, or describe it with an MLTable file "
                              f"(read_delimited: delimiter: {json.dumps(d)})")
    codec = _codec(path, encoding)
    _check_text(path, codec)
    with open(path, encoding=codec, newline="") as f:
        _check_shape(path, f, sep, header, hint)
    try:
        return pd.read_csv(path, sep=sep, header=0 if header else None, encoding=codec)
    except (pd.errors.ParserError, ValueError) as error:
        raise UserError(f"{path} cannot be read as a table: {str(error).splitlines()[0]}") from None


def _mltable_hint(mltable, from_step):
    """How to name the delimiter: where the pipeline file reads a step's output, or in an input's MLTable file."""
    if from_step:
        return lambda d: f"pass the delimiter: readDelimitedFiles({{ delimiter: {json.dumps(d)} }})"
    return lambda d: f"set delimiter: {json.dumps(d)} under read_delimited in {mltable}"


def read_table(path, from_step=False):
    """A CSV file, a folder of CSV files, or an MLTable folder (`from_step`: a step's output read with readDelimitedFiles)."""
    if os.path.isfile(path):
        return read_csv(path)
    mltable = os.path.join(path, "MLTable")
    if not os.path.exists(mltable):
        files = sorted(glob.glob(os.path.join(path, "*.csv")))
        if not files:
            raise UserError(f"{path} holds neither an MLTable file nor CSV files")
        return pd.concat([read_csv(f) for f in files], ignore_index=True)
    with open(mltable, encoding="utf-8") as f:
        paths, reader = parse_mltable(f.read())
    files = []
    for entry in paths:
        pattern = entry.get("pattern") or entry.get("file") or entry.get("folder")
        files += sorted(os.path.normpath(f) for f in glob.glob(os.path.join(path, pattern), recursive=True))
    if not files:
        raise UserError(f"the MLTable in {path} matches no files")
    header = reader.get("header", "all_files_same_headers") != "no_header"
    hint = _mltable_hint(mltable, from_step)
    frames = [read_csv(f, reader.get("delimiter", ","), reader.get("encoding", "utf8"), header, hint) for f in files]
    return pd.concat(frames, ignore_index=True)
