#!/usr/bin/env bash
# Prints the Homebrew formula (packaging/homebrew/rivet.rb) for one release: the GitHub repository
# (owner/name) it is published from, the version (without the v) and the sha256 of that version's
# rivet-<version>.tar.gz. Used by .github/workflows/release.yml and checked by .ci/packaging-check.sh.
#   render-formula.sh OWNER/NAME VERSION ARCHIVE
set -euo pipefail
if [ $# -ne 3 ] || [ ! -f "$3" ]; then
  echo "usage: $0 OWNER/NAME VERSION rivet-VERSION.tar.gz (an existing file)" >&2
  exit 2
fi
case $1 in */*) ;; *) echo "$0: '$1' is not OWNER/NAME" >&2; exit 2 ;; esac
case $(basename "$3") in
  "rivet-$2.tar.gz") ;;
  *) echo "$0: $3 is not rivet-$2.tar.gz" >&2; exit 2 ;;
esac
sha=$(sha256sum "$3" | cut -d' ' -f1)
sed -e "s|@REPOSITORY@|$1|g" -e "s|@VERSION@|$2|g" -e "s|@SHA256@|$sha|g" \
  "$(dirname "$0")/rivet.rb"
