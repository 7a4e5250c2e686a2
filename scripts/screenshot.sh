#!/usr/bin/env bash
# Renders media/dashboard.svg from a real run: demo sockets on loopback, the built
# dashboard in a 120×32 tmux pane, captured with colours and turned into SVG.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
node scripts/demo-sockets.mjs & demo=$!
trap 'kill $demo 2>/dev/null; tmux -L socktop-shot kill-server 2>/dev/null || true' EXIT
sleep 3
# The filter hides this machine's own background noise (a sandbox service on :2024 and
# its TIME_WAITs) so the picture shows the demo processes.
tmux -L socktop-shot -f /dev/null new-session -d -x 120 -y 32 \
	"env -u CI TERM=xterm-256color node dist/cli.js --interval 1000 --filter '!port:2024 !state:time_wait !port:32841'"
sleep 4
tmux -L socktop-shot send-keys s
sleep 0.5
tmux -L socktop-shot send-keys Enter
sleep 2
tmux -L socktop-shot send-keys Tab
sleep 1
tmux -L socktop-shot capture-pane -e -p > /tmp/socktop-shot.ansi
node --import tsx scripts/ansi-to-svg.ts /tmp/socktop-shot.ansi media/dashboard.svg 120
tmux -L socktop-shot send-keys q
echo "wrote media/dashboard.svg"
