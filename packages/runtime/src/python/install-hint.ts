import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Distribution names where they differ from the import name, for pip. */
const PIP_NAMES: Record<string, string> = {
  sklearn: "scikit-learn",
  yaml: "pyyaml",
  PIL: "pillow",
  cv2: "opencv-python",
  bs4: "beautifulsoup4",
  skimage: "scikit-image",
  dateutil: "python-dateutil",
};

/**
 * Import name → Debian package, each checked with `apt-cache show` on Debian 12 (bookworm). A name
 * here is offered without asking apt; a `null` is known to have no Debian package (mlflow,
 * lightgbm, pyarrow, tensorflow, catboost, shap, pyspark), so no `apt-get install` is invented for it.
 */
export const DEBIAN_PACKAGES: Record<string, string | null> = {
  pandas: "python3-pandas",
  sklearn: "python3-sklearn",
  numpy: "python3-numpy",
  scipy: "python3-scipy",
  yaml: "python3-yaml",
  PIL: "python3-pil",
  xgboost: "python3-xgboost",
  torch: "python3-torch",
  requests: "python3-requests",
  matplotlib: "python3-matplotlib",
  joblib: "python3-joblib",
  seaborn: "python3-seaborn",
  statsmodels: "python3-statsmodels",
  onnx: "python3-onnx",
  azure: "python3-azure",
  bs4: "python3-bs4",
  tqdm: "python3-tqdm",
  sqlalchemy: "python3-sqlalchemy",
  psutil: "python3-psutil",
  h5py: "python3-h5py",
  nltk: "python3-nltk",
  skimage: "python3-skimage",
  cv2: "python3-opencv",
  sympy: "python3-sympy",
  networkx: "python3-networkx",
  plotly: "python3-plotly",
  dateutil: "python3-dateutil",
  pytz: "python3-tz",
  jinja2: "python3-jinja2",
  click: "python3-click",
  pydantic: "python3-pydantic",
  mlflow: null,
  lightgbm: null,
  pyarrow: null,
  tensorflow: null,
  catboost: null,
  shap: null,
  pyspark: null,
};

function onPath(program: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, program)));
}

/** A module outside the table is asked of this machine's apt (when it has one): a name apt does not know is never offered. */
function debianPackage(module: string): string | undefined {
  if (module in DEBIAN_PACKAGES) return DEBIAN_PACKAGES[module] ?? undefined;
  const candidate = `python3-${module.toLowerCase().replace(/_/g, "-")}`;
  if (!/^[a-z0-9][a-z0-9.+-]*$/.test(candidate) || !onPath("apt-cache")) return undefined;
  const r = spawnSync("apt-cache", ["show", "--no-all-versions", candidate], { encoding: "utf8", timeout: 10_000 });
  return r.status === 0 && r.stdout.includes(`Package: ${candidate}`) ? candidate : undefined;
}

/**
 * How to provide missing modules: the Debian packages that really exist, and for the others a
 * virtual environment that sees the system's packages, named to Sluice with `SLUICE_PYTHON`.
 */
export function installHint(missing: string[]): string {
  const packaged: string[] = [];
  const unpackaged: string[] = [];
  // A submodule (`mlflow.sklearn`) comes with its package: only the package is installed.
  const modules = [...new Set(missing.map((m) => m.split(".")[0] as string))];
  for (const module of modules) {
    const pkg = debianPackage(module);
    if (pkg) packaged.push(pkg);
    else unpackaged.push(module);
  }
  const parts: string[] = [];
  if (packaged.length > 0) parts.push(`apt-get install ${[...new Set(packaged)].join(" ")}`);
  if (unpackaged.length > 0) {
    const pip = unpackaged.map((m) => PIP_NAMES[m] ?? m).join(" ");
    parts.push(
      `${unpackaged.join(", ")} ${unpackaged.length === 1 ? "is" : "are"} not packaged for Debian: python3 -m venv --system-site-packages .venv && .venv/bin/pip install ${pip}, then run with SLUICE_PYTHON=.venv/bin/python`,
    );
  }
  return unpackaged.length > 0 ? parts.join("; ") : `${parts[0]}   (or point SLUICE_PYTHON at an interpreter that has them)`;
}
