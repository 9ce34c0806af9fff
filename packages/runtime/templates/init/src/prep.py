"""Prepares the Iris measurements for training.

Reads --raw (a CSV file, or a folder of CSV files), drops rows with a missing value, and writes
prepared.csv into the --out folder. Only the standard library, so it runs in any Python 3.
"""
import argparse
import csv
import glob
import os


def source_files(raw):
    if os.path.isdir(raw):
        return sorted(glob.glob(os.path.join(raw, "**", "*.csv"), recursive=True))
    return [raw]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--raw", required=True, help="the raw CSV file or folder")
    parser.add_argument("--out", required=True, help="the folder to write prepared.csv into")
    args = parser.parse_args()

    header, rows, dropped = None, [], 0
    for path in source_files(args.raw):
        try:
            with open(path, newline="", encoding="utf-8") as f:
                reader = csv.reader(f)
                header = next(reader, header)
                for row in reader:
                    if len(row) == len(header) and all(value.strip() for value in row):
                        rows.append(row)
                    else:
                        dropped += 1
        except UnicodeDecodeError as e:
            # One line naming the file, not a traceback: a spreadsheet export is often Latin-1.
            raise SystemExit(f"{path} is not UTF-8 text (byte 0x{e.object[e.start]:02x} at offset {e.start}); save it as UTF-8")
    if header is None:
        raise SystemExit(f"no CSV rows found in {args.raw}")

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "prepared.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    print(f"prepared {len(rows)} rows ({dropped} dropped) with columns {', '.join(header)}")


if __name__ == "__main__":
    main()
