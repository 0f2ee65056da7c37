#!/usr/bin/env bash
# One command for a GPU machine (no network needed after `npm ci`): gradient check webgpu vs cpu, then the
# training benchmark on webgpu at 128 px M=2 and 256 px M=10, printed as one table (src/cli/gpu-check.ts).
# Needs the GPU's Vulkan driver and libvulkan1 (Dawn, through the optional `webgpu` npm package). Where no
# adapter is found it says so and exits 0 (add --strict to get exit status 3 instead).
# Usage: scripts/gpu-check.sh [--strict] [--steps N]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/tsx ] || [ ! -d node_modules/@tensorflow/tfjs ]; then
  echo "node_modules missing: run 'npm ci' first (the only step that needs the network)" >&2
  exit 1
fi
if [ ! -d node_modules/webgpu ]; then
  echo "the optional 'webgpu' package (Dawn for Node) is not installed: npm ci installs it on linux-x64/arm64, macOS and Windows" >&2
fi
echo "gpu-check on $(uname -srm), node $(node --version), $(nproc) cores; $(uptime | sed 's/.*load/load/')"
exec node --import tsx src/cli/gpu-check.ts "$@"
