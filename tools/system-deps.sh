#!/bin/sh
# Install the Debian packages zzprint needs, if missing.
#   tools/system-deps.sh build   fonts for building pages, ghostscript (the preflight measures total ink),
#                                libgs-common (its default_cmyk.icc: RGB pictures are converted to CMYK with it)
#   tools/system-deps.sh test    + poppler-utils, qpdf, chromium (independent checkers, browser test)
# Not root: print exactly what to install and fail.
set -eu
BUILD_PKGS="fonts-noto-cjk fonts-lxgw-wenkai fonts-hanazono ghostscript libgs-common"
TEST_PKGS="$BUILD_PKGS poppler-utils qpdf chromium chromium-driver"
case "${1:-build}" in
  build) want=$BUILD_PKGS ;;
  test) want=$TEST_PKGS ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac
missing=""
for pkg in $want; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "zzprint needs these Debian packages:$missing" >&2
  echo "install them with:  sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "installing Debian packages:$missing"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
