"""The label column and the featurization step (tables are read in tables.py)."""
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.base import clone
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

from .errors import UserError


def cast_purposes(X, custom):
    """Casts columns to what their purpose says (validation and test data read like the training data)."""
    for c, purpose in ((custom or {}).get("column_purposes") or {}).items():
        if c not in X.columns:
            continue
        if purpose == "numeric":
            X[c] = pd.to_numeric(X[c], errors="coerce")
        elif purpose in ("categorical", "categorical_hash"):
            X[c] = X[c].astype("string").astype(object)
    return X


def _purposes(X, custom):
    """Numeric and categorical columns: by dtype, unless column purposes say otherwise (`ignore` drops a column)."""
    purposes = (custom or {}).get("column_purposes") or {}
    unknown = [c for c in purposes if c not in X.columns]
    if unknown:
        raise UserError(f"featurization names columns the data does not have: {', '.join(unknown)}")
    numeric, categorical = [], []
    for c in X.columns:
        purpose = purposes.get(c)
        if purpose == "ignore":
            continue
        if purpose == "numeric":
            X[c] = pd.to_numeric(X[c], errors="coerce")
            numeric.append(c)
        elif purpose in ("categorical", "categorical_hash"):
            X[c] = X[c].astype("string").astype(object)
            categorical.append(c)
        elif pd.api.types.is_numeric_dtype(X[c]) and not pd.api.types.is_bool_dtype(X[c]):
            numeric.append(c)
        elif X[c].notna().any():
            categorical.append(c)
    return numeric, categorical


def _imputers(custom):
    """Column → SimpleImputer arguments from `transformer_params.imputer` (strategy, fill_value)."""
    out = {}
    for group in ((custom or {}).get("transformer_params") or {}).get("imputer") or []:
        params = dict(group.get("parameters") or {})
        strategy = params.pop("strategy", "mean")
        if strategy not in ("mean", "median", "most_frequent", "constant"):
            raise UserError(f"imputer strategy '{strategy}' is not one of mean, median, most_frequent, constant")
        for field in group.get("fields") or []:
            out[field] = {"strategy": strategy, **({"fill_value": params["fill_value"]} if "fill_value" in params else {})}
    return out


def featurizer(X, mode, custom=None):
    numeric, categorical = _purposes(X, custom)
    if mode == "off":
        if categorical:
            raise UserError(f"featurization 'off' needs numeric columns; these are not: {', '.join(categorical)}")
        return "passthrough", numeric, []
    imputers = _imputers(custom)
    blocked = set((custom or {}).get("blocked_transformers") or [])
    encoder = (OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1) if "one_hot_encoder" in blocked
               else OneHotEncoder(handle_unknown="ignore"))
    parts = []
    for kind, columns, default, tail in (("numeric", numeric, "median", StandardScaler()), ("categorical", categorical, "most_frequent", encoder)):
        plain = [c for c in columns if c not in imputers]
        if plain:
            parts.append((kind, Pipeline([("impute", SimpleImputer(strategy=default)), ("encode", tail)]), plain))
        for c in columns:
            if c in imputers:
                parts.append((f"{kind}_{c}", Pipeline([("impute", SimpleImputer(**imputers[c])), ("encode", clone(tail))]), [c]))
    return ColumnTransformer(parts), numeric, categorical
