"""What the training table must hold before any trial runs: a label with values, two classes to tell
apart, and enough rows (and rows per class) for the validation asked for. What makes training
impossible is a UserError naming the data; thin data trains with a warning."""
import math

from .errors import UserError
from .tables import read_table

# Below this many training rows, scores differ a lot from one split of the rows to another.
MIN_ROWS = 50


def split_label(df, target, source, warnings):
    """Features and label; rows without a label are left out (as Azure's exclude_nan_labels), with a warning."""
    if target not in df.columns:
        raise UserError(f"label column '{target}' is not in {source}; its columns: {', '.join(map(str, df.columns))}")
    labelled = df.dropna(subset=[target])
    if labelled.empty:
        raise UserError(f"label column '{target}' has no values in {source}")
    if len(labelled) < len(df):
        warnings.append(f"{len(df) - len(labelled)} of {len(df)} rows in {source} have no '{target}' value and are left out")
    return labelled.drop(columns=[target]), labelled[target]


def check_classes(y, target, source):
    classes = y.unique()
    if len(classes) < 2:
        raise UserError(f"label column '{target}' has a single class ('{classes[0]}') in all {len(y)} rows of {source}; "
                        "classification needs at least two")


def _smallest_class(y):
    counts = y.value_counts()
    return int(counts.min()), counts.idxmin(), len(counts)


def check_rows(y, warnings):
    if len(y) < MIN_ROWS:
        warnings.append(f"the training data has only {len(y)} rows (fewer than {MIN_ROWS}): scores from so few rows "
                        "vary a lot, so treat the best model as a rough guess")


def check_hold_out(task, y, size, what):
    """A share of the rows held out for `what` (validation or test) must leave rows, and every class, on both sides."""
    rows = len(y)
    held = math.ceil(size * rows)
    if held < 1 or rows - held < 1:
        raise UserError(f"the training data has {rows} rows: too few to hold out {size:g} of them for {what}")
    if task != "classification":
        return
    smallest, label, classes = _smallest_class(y)
    if smallest < 2:
        raise UserError(f"class '{label}' has only 1 row: holding out {what} data keeps every class on both sides, "
                        "which needs at least 2 rows of each")
    if held < classes or rows - held < classes:
        raise UserError(f"holding out {held} of {rows} rows for {what} leaves fewer rows than the {classes} classes "
                        "on one side: add rows or change the share")


def fold_count(task, y, requested, target, warnings):
    """Cross-validation folds: as asked (5 when `auto`), fewer when a class has fewer rows; refused when impossible."""
    explicit = requested not in (None, "auto")
    folds = int(requested) if explicit else 5
    rows = len(y)
    if rows < 2:
        raise UserError(f"the training data has {rows} row; cross-validation needs at least 2")
    if rows < folds and explicit:
        raise UserError(f"the training data has {rows} rows, fewer than the {folds} cross-validation folds: "
                        f"add rows or set nCrossValidations to at most {rows}")
    if task != "classification":
        if rows < folds:
            warnings.append(f"the training data has {rows} rows: cross-validation uses {rows} folds instead of {folds}")
        return min(folds, rows)
    smallest, label, _ = _smallest_class(y)
    if smallest < 2:
        raise UserError(f"class '{label}' of label column '{target}' has only 1 row; cross-validation needs "
                        "at least 2 rows of every class")
    if smallest < folds:
        warnings.append(f"the smallest class ('{label}') has {smallest} rows, fewer than the {folds} cross-validation "
                        f"folds: cross-validation uses {smallest} folds")
        folds = smallest
    return folds


def load_tables(config, warnings):
    """Every table the config names, read, checked and split into features and label: before the
    engine imports scikit-learn, so bad data is answered in the time pandas takes to load."""
    target = config["target_column"]
    from_steps = config.get("tables_from_steps") or []
    tables = {}
    for port in ("training_data", "validation_data", "test_data"):
        path = config.get(port)
        if path:
            tables[port] = split_label(read_table(path, port in from_steps), target, path, warnings)
    if "training_data" not in tables:
        raise UserError("no training data is given")
    if config["task"] == "classification":
        check_classes(tables["training_data"][1], target, config["training_data"])
    return tables
