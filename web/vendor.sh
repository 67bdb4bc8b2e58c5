#!/usr/bin/env bash
# Copies the third-party browser files the UI needs from npm into crates/server/assets/vendor/,
# with their licences. Run it after changing web/package.json; commit the result, so that the
# Rust build (and CI) never needs npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../crates/server/assets/vendor"
cd "$here"
npm ci --no-audit --no-fund
mkdir -p "$out"
rm -f "$out"/*
nm="$here/node_modules"
cp "$nm/cytoscape/dist/cytoscape.esm.min.mjs" "$out/cytoscape.esm.min.mjs"
cp "$nm/d3-array/dist/d3-array.min.js" "$out/d3-array.min.js"
cp "$nm/d3-geo/dist/d3-geo.min.js" "$out/d3-geo.min.js"
cp "$nm/topojson-client/dist/topojson-client.min.js" "$out/topojson-client.min.js"
cp "$nm/world-atlas/countries-50m.json" "$out/countries-50m.json"
# fCoSE lays out compound nodes (coalitions around their members); loaded as classic
# scripts in this order, each finding the previous one as a global.
cp "$nm/layout-base/layout-base.js" "$out/layout-base.js"
cp "$nm/cose-base/cose-base.js" "$out/cose-base.js"
cp "$nm/cytoscape-fcose/cytoscape-fcose.js" "$out/cytoscape-fcose.js"
for pkg in cose-base cytoscape cytoscape-fcose d3-array d3-geo layout-base topojson-client world-atlas; do
  version="$(node -p "require('$nm/$pkg/package.json').version")"
  {
    echo "npm package $pkg $version"
    echo
    cat "$nm/$pkg/LICENSE"
  } > "$out/LICENSE.$pkg.txt"
done
cat > "$out/README.md" <<'TXT'
Vendored browser files, copied from npm by `web/vendor.sh` (versions pinned in
`web/package-lock.json`); each `LICENSE.*.txt` names the package, its version and licence.
`countries-50m.json` is Natural Earth 1:50m country shapes (public domain) as TopoJSON from
the `world-atlas` package. Do not edit these files by hand.
TXT
echo "vendored into $out:"
ls -la "$out"
