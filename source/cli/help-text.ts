export const HELP_TEXT = `
  socktop: a live dashboard of this machine's sockets and ports

  Usage
    socktop [options]                 the dashboard (on a terminal)
    socktop --once [--json]           print the sockets once and exit
    socktop --json                    stream changes as NDJSON (open/close events)
    socktop scan TARGET [options]     TCP connect scan (see socktop scan --help)
    socktop exporter [--listen A:P]   serve /metrics to Prometheus (exporter --help)
    socktop wait --port P [options]   wait until a port listens (or --gone), read from the
                                      socket table, no connect (see socktop wait --help)
    socktop history FILE [options]    read back a --log (see socktop history --help)

  Options
    --once             Print one table (or JSON lines with --json) and exit
    --json             JSON output: one object per socket per line
    --format NAME      table | json | openmetrics | prometheus (metrics: with --once,
                       for node_exporter's textfile collector)
    --output FILE      write the metrics to FILE atomically (temporary file, rename)
    -f, --filter EXPR  Only sockets matching EXPR (the language of the dashboard's /)
    -i, --interval MS  Poll interval in ms (default 2000, minimum 200)
    --source NAME      auto | procfs | netstat (auto: procfs on Linux, netstat elsewhere)
    --netns WHICH      all | host | an id | an ip netns name: which network namespaces
                       (default all: every namespace on the machine, containers included)
    --timeout MS       Give up on a read after MS ms (default: 30 s until there is data,
                       then the interval, at least 1000)
    --no-color         No colours (also when NO_COLOR is set)
    --read-only        Disable the kill action in the dashboard
    --bell             Ring the terminal bell when a new listening port appears
    --log FILE         Append the dashboard's events to FILE as NDJSON (the --json
                       stream's lines), rotated to FILE.1 at 10 MiB
    --alert RULE       Bell, window title and desktop notification when an event
                       matches RULE: an event (open, new-listener, close, gone, change,
                       change:PART, saturated, any) and a filter; repeatable
    --alert-exec CMD ARGS...  Run CMD with the event's JSON on stdin for each alert
                       (no shell; takes the rest of the command line; without
                       --alert, for new listeners)
    --host DEST        Also watch DEST over ssh (repeatable; an ssh destination or
                       ~/.ssh/config alias; \`local\` is this machine)
    --no-local         Only the --host machines, not this one
    -h, --help         This text
    -v, --version      The version

  Filter terms (all must match; !term negates)
    word        process name, pid, address or port
    proc:NAME   pid:N   port:N[-M]   lport:N   rport:N
    state:S     proto:tcp|udp|tcp4|tcp6|udp4|udp6   addr:TEXT   user:NAME
    ns:host|ID|NAME   container:TEXT (docker:…, podman:…, k8s:…, systemd:…, netns:…)

  Examples
    socktop -f 'state:listen !addr:127.0.0.1 !addr:::1'     ports open beyond loopback
    socktop -f 'proc:nginx'                                  one program's sockets, live
    socktop scan 192.168.1.10 --ports top1000                which ports accept a connection
    socktop --once --format openmetrics --output /var/lib/node_exporter/socktop.prom
    socktop wait --port 8080 --addr localhost --timeout 30s  until 127.0.0.1:8080 or [::1]:8080 listens
    socktop --log /var/log/socktop.ndjson --alert 'new-listener exposed:yes'
    socktop history /var/log/socktop.ndjson -f port:8080 --since 03:00   what opened 8080?
    socktop --once --json | jq -r 'select(.state == "LISTEN") | "\\(.localPort) \\(.process)"'

  When stdout or stdin is not a terminal (a pipe, cron, CI) or TERM=dumb,
  socktop prints the table once, as with --once.

  Exit status
    0    done: the dashboard quit with q, the table or stream printed, the scan completed
    1    failed: the sockets could not be read, the scan failed, or a wait timed out
         (one line on stderr)
    2    a bad option or value (one line on stderr)
    130  a scan or a wait cancelled with Ctrl-C
    129, 130, 143  the dashboard ended by SIGHUP, SIGINT, SIGTERM (the terminal is restored);
         129 too when its terminal went away (an SSH link dropped)
`;
