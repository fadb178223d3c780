#!/usr/bin/env bash
# Finds or installs Node.js 22 for this action alone, and writes its bin folder
# to this step's output (bin=...). It writes nothing to GITHUB_PATH or
# GITHUB_ENV: the later steps call node by that path, and the `node` of the
# user's own later steps stays theirs (actions/setup-node would put its Node
# first on PATH for the rest of the job).
#
# 1. The newest Node 22 in the runner's tool cache: GitHub-hosted runners keep
#    one there, so nothing is downloaded.
# 2. Otherwise (a self-hosted runner), the official build from nodejs.org into
#    the action's own folder, checked against nodejs.org's SHA-256 list.
set -euo pipefail

major=22
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "::error::The action needs Node.js ${major} and has no build for this machine ($(uname -m))." >&2; exit 1 ;;
esac
case "$(uname -s)" in
  Linux) platform=linux ;;
  Darwin) platform=darwin ;;
  *) echo "::error::The action runs on Linux and macOS runners, not $(uname -s)." >&2; exit 1 ;;
esac

if [ -n "${RUNNER_TOOL_CACHE:-}" ] && [ -d "$RUNNER_TOOL_CACHE/node" ]; then
  newest=$(find "$RUNNER_TOOL_CACHE/node" -mindepth 1 -maxdepth 1 -name "${major}.*" -printf '%f\n' 2>/dev/null | sort -V -r | while read -r version; do
    if [ -x "$RUNNER_TOOL_CACHE/node/$version/$arch/bin/node" ]; then echo "$version"; break; fi
  done)
  if [ -n "$newest" ]; then
    echo "bin=$RUNNER_TOOL_CACHE/node/$newest/$arch/bin" >> "$GITHUB_OUTPUT"
    exit 0
  fi
fi

destination="$GITHUB_ACTION_PATH/.node-${major}-${platform}-${arch}"
if [ ! -x "$destination/bin/node" ]; then
  base="https://nodejs.org/dist/latest-v${major}.x"
  sums=$(curl -fsSL --retry 3 "$base/SHASUMS256.txt")
  line=$(grep -E " node-v${major}\.[0-9]+\.[0-9]+-${platform}-${arch}\.tar\.gz$" <<< "$sums" | head -n 1)
  file=${line##* }
  sum=${line%% *}
  download=$(mktemp -d)
  curl -fsSL --retry 3 -o "$download/$file" "$base/$file"
  if command -v sha256sum > /dev/null; then actual=$(sha256sum "$download/$file"); else actual=$(shasum -a 256 "$download/$file"); fi
  if [ "${actual%% *}" != "$sum" ]; then
    echo "::error::The download of $file does not match its SHA-256 in $base/SHASUMS256.txt." >&2
    exit 1
  fi
  mkdir -p "$destination"
  tar -xzf "$download/$file" -C "$destination" --strip-components 1
  rm -rf "$download"
fi
echo "bin=$destination/bin" >> "$GITHUB_OUTPUT"
