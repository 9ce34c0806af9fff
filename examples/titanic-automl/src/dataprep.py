"""Titanic data preparation from the Azure ML walkthrough.

Reads the raw passenger CSV from --titanic (a file, or a folder holding CSV files) instead of the
v1 run context, and writes prepped_data.csv into the --output_path folder.
"""
import argparse
import glob
import os

import numpy as np
import pandas as pd

RANDOM_SEED = 42


def prepare_age(df):
    # Fill in missing Age values from the distribution of present Age values.
    rng = np.random.default_rng(RANDOM_SEED)
    mean = df["Age"].mean()
    std = df["Age"].std()
    is_null = int(df["Age"].isnull().sum())
    rand_age = rng.integers(int(mean - std), int(mean + std), size=is_null)
    age = df["Age"].copy()
    age[np.isnan(age)] = rand_age
    df["Age"] = age.astype(int)
    # Quantize age into 5 classes.
    df["Age_Group"] = pd.qcut(df["Age"], 5, labels=False, duplicates="drop")
    return df.drop(["Age"], axis=1)


def prepare_fare(df):
    df["Fare"] = df["Fare"].fillna(0)
    df["Fare_Group"] = pd.qcut(df["Fare"], 5, labels=False, duplicates="drop")
    return df.drop(["Fare"], axis=1)


def prepare_genders(df):
    genders = {"male": 0, "female": 1, "unknown": 2}
    df["Sex"] = df["Sex"].map(genders).fillna(2).astype(int)
    return df


def prepare_embarked(df):
    ports = {"S": 0, "C": 1, "Q": 2, "U": 3}
    df["Embarked"] = df["Embarked"].replace("", "U").fillna("U").map(ports)
    return df


def prepare(df):
    """Raw passengers to the model's features (and Survived, when the data has it)."""
    df = df.drop(["PassengerId", "Name", "Ticket", "Cabin"], axis=1)
    return prepare_embarked(prepare_genders(prepare_fare(prepare_age(df))))


def read_input(path):
    if os.path.isdir(path):
        files = sorted(glob.glob(os.path.join(path, "*.csv")))
        return pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    return pd.read_csv(path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--titanic", dest="titanic", required=True)
    parser.add_argument("--output_path", dest="output_path", required=True)
    args = parser.parse_args()

    df = prepare(read_input(args.titanic))

    os.makedirs(args.output_path, exist_ok=True)
    out = os.path.join(args.output_path, "prepped_data.csv")
    df.to_csv(out, index=False)
    print(f"Wrote prepped data to {out} ({len(df)} rows)")


if __name__ == "__main__":
    main()
