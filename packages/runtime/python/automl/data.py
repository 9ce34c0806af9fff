"""Reading tables (MLTable folders, CSV) and building the featurization step."""
import glob
import os

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


class UserError(Exception):
    """A problem with the configuration or the data: reported in one line, exit code 2."""


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


def read_table(path):
    if os.path.isfile(path):
        return pd.read_csv(path)
    mltable = os.path.join(path, "MLTable")
    if not os.path.exists(mltable):
        files = sorted(glob.glob(os.path.join(path, "*.csv")))
        if not files:
            raise UserError(f"{path} holds neither an MLTable file nor CSV files")
        return pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    with open(mltable, encoding="utf-8") as f:
        paths, reader = parse_mltable(f.read())
    files = []
    for entry in paths:
        pattern = entry.get("pattern") or entry.get("file") or entry.get("folder")
        files += sorted(glob.glob(os.path.join(path, pattern), recursive=True))
    if not files:
        raise UserError(f"the MLTable in {path} matches no files")
    header = 0 if reader.get("header", "all_files_same_headers") != "no_header" else None
    frames = [pd.read_csv(f, sep=reader.get("delimiter", ","), encoding=reader.get("encoding", "utf8"),
                          header=header) for f in files]
    return pd.concat(frames, ignore_index=True)


def split_label(df, target):
    if target not in df.columns:
        raise UserError(f"label column '{target}' is not in the data; columns: {', '.join(map(str, df.columns))}")
    df = df.dropna(subset=[target])
    return df.drop(columns=[target]), df[target]


def featurizer(X, mode):
    numeric = [c for c in X.columns if pd.api.types.is_numeric_dtype(X[c]) and not pd.api.types.is_bool_dtype(X[c])]
    categorical = [c for c in X.columns if c not in numeric and X[c].notna().any()]
    if mode == "off":
        if categorical:
            raise UserError(f"featurization 'off' needs numeric columns; these are not: {', '.join(categorical)}")
        return "passthrough", numeric, []
    transformer = ColumnTransformer([
        ("numeric", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), numeric),
        ("categorical", Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                                  ("onehot", OneHotEncoder(handle_unknown="ignore"))]), categorical),
    ])
    return transformer, numeric, categorical
