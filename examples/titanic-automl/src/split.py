"""Holds out a fifth of the prepped passengers, stratified on Survived, with a fixed seed.

AutoML trains on the rest; the deploy step scores the serving model and the new one on the
held-out rows, which neither was trained on.
"""
import argparse
import os

import pandas as pd
from sklearn.model_selection import train_test_split

from dataprep import read_input

RANDOM_SEED = 42


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--prepped", required=True)
    parser.add_argument("--train", required=True)
    parser.add_argument("--held_out", required=True)
    parser.add_argument("--held_out_fraction", type=float, default=0.2)
    args = parser.parse_args()

    df = read_input(args.prepped)
    train, held_out = train_test_split(df, test_size=args.held_out_fraction, random_state=RANDOM_SEED, stratify=df["Survived"])
    for folder, part, name in ((args.train, train, "train.csv"), (args.held_out, held_out, "held_out.csv")):
        os.makedirs(folder, exist_ok=True)
        part.to_csv(os.path.join(folder, name), index=False)
    print(f"{len(train)} rows to train on, {len(held_out)} held out")


if __name__ == "__main__":
    main()
