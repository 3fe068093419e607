#!/usr/bin/env bash
# Regenerate the transcripts the guides show for a new project translated by machine
# (docs/models-and-scaling.md "A first run in a new project", and the status, gate and
# diff examples of docs/translators-guide.md).  It builds the test suite's *copy* models
# with tests/modelkit.py (their output is their input: never a real translation), makes
# a project in a temporary folder with its own HOME, and prints every command with its
# output.  Paste the parts you need; dates and temporary paths differ from run to run.
#
#   docs/tools/doc_examples.sh > /tmp/transcripts.txt
#
# The worked-example transcripts (README, editor's guide) are checked by tests/test_docs.py.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
python="$repo/.venv/bin/python"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

export HOME="$work/home" COLUMNS=88 PATH="$repo/.venv/bin:$PATH"
unset XDG_DATA_HOME XDG_CACHE_HOME XDG_CONFIG_HOME XDG_RUNTIME_DIR ARGOS_PACKAGES_DIR EDITOR VISUAL
mkdir -p "$HOME" "$work/dl" "$work/news/seeds"

"$python" - "$repo" "$work/dl" <<'EOF'
import shutil, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests import modelkit
dl = Path(sys.argv[2])
for src, tgt in (("tr", "en"), ("en", "ru")):
    modelkit.build_argos_package(dl, src, tgt, kind="copy")
modelkit.build_multilingual_model(dl / "nllb-test", modelkit.NLLB_LANG_TOKENS, kind="copy")
EOF

show() { echo "\$ $*"; eval "$@" 2>&1 || echo "[exit $?]"; }
who="'Ayşe Demir <ayse@example.org>'"
cd "$work/news"
cp "$repo/seeds/kazakhstan-tajikistan-cooperation.txt" seeds/
git init -q

echo "=== models-and-scaling: a first run in a new project"
show loctool extract
show loctool extract
show loctool translate kazakhstan-tajikistan-cooperation
show loctool status
show loctool extract --lang kk,xx
show loctool models install ../dl/translate-tr_en-1_0.argosmodel
show loctool models install ../dl/translate-tr_en-1_0.argosmodel
show loctool models install ../dl/translate-en_ru-1_0.argosmodel
show loctool models add-multilingual ../dl/nllb-test
show loctool translate
show loctool status
show loctool models list
git add -A && git -c user.name=x -c user.email=x@x commit -qm "machine drafts"

echo "=== translators-guide: the publication gate"
show loctool accept kk --all --reviewer "$who"
show "printf 'a\nA\nq\n' | loctool review kk --only machine --inline --reviewer $who"
show loctool check --lang kk
show loctool status --lang kk
show loctool diff --rev HEAD --lang kk

echo "=== translators-guide: the card, diff --mt"
show "printf 'e\nCooperation between Kazakhstan and Tajikistan\ne\nAlmost 1 billion dollars: that is the value of the agreements and contracts Kazakhstan and Tajikistan signed at the investment forum in Dushanbe.\nq\n' | loctool review en --only machine --inline --reviewer $who"
show loctool diff --mt --lang en
git add -A && git -c user.name=x -c user.email=x@x commit -qm "reviews"

echo "=== translators-guide: a source change, diff --source, status"
sed -i 's/Neredeyse 1 milyar dolar; Duşanbe’deki/Neredeyse 1,2 milyar dolar; Duşanbe’de düzenlenen/' \
  seeds/kazakhstan-tajikistan-cooperation.txt
show loctool extract
show loctool diff --source
show loctool status
show loctool diff --rev HEAD --stat
