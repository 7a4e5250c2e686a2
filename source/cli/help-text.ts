export const HELP_TEXT = `
  socktop: a live dashboard of this machine's sockets and ports

  Usage
    $ socktop [options]                 the dashboard (on a terminal)
    $ socktop --once [--json]           print the sockets once and exit
    $ socktop --json                    stream changes as NDJSON (open/close events)
    $ socktop scan TARGET [options]     TCP connect scan (see socktop scan --help)

  Options
    --once             Print one table (or JSON lines with --json) and exit
    --json             JSON output: one object per socket per line
    --filter, -f EXPR  Only sockets matching EXPR (e.g. "proc:nginx state:listen !port:22")
    --interval, -i MS  Poll interval in ms (default 2000, minimum 200)
    --source NAME      auto | procfs | netstat (auto: procfs on Linux, netstat elsewhere)
    --timeout MS       Give up on a read after MS ms (default: 30 s until there is data,
                       then the interval, at least 1000)
    --no-color         No colours (also when NO_COLOR is set)
    --read-only        Disable the kill action in the dashboard
    --bell             Ring the terminal bell when a new listening port appears
    --help, --version

  Filter terms (all must match; !term negates)
    word        process name, pid, address or port
    proc:NAME   pid:N   port:N[-M]   lport:N   rport:N
    state:S     proto:tcp|udp|tcp4|tcp6|udp4|udp6   addr:TEXT   user:NAME
`;
