// Preload for bench/scan-phases.mjs (docs/scan-start.md): stamps, at the preload, the first
// connect on Node's TCP binding, the last of ≥ 1,000 answers and process.reallyExit, the wall
// time (performance.now()), the process CPU and the main thread's own on-CPU time
// (/proc/self/task/<pid>/schedstat), and writes them as JSON to $SCAN_PHASES_OUT at exit.
// Linux only; process.binding('tcp_wrap') is what source/scan/dial-raw.ts uses too.
const {performance} = require('node:perf_hooks');
const fs = require('node:fs');

const schedstat = `/proc/self/task/${process.pid}/schedstat`;
const marks = [];
const mark = (label) => {
	const usage = process.cpuUsage();
	const [run] = fs.readFileSync(schedstat, 'utf8').split(' ').map(Number);
	marks.push([label, performance.now(), (usage.user + usage.system) / 1000, run / 1e6]);
};
mark('preload');
const wrap = process.binding('tcp_wrap');
const connect = wrap.TCP.prototype.connect;
let started = 0;
let answered = 0;
wrap.TCP.prototype.connect = function (req, address, port) {
	if (started++ === 0) mark('first');
	const oncomplete = req.oncomplete;
	req.oncomplete = function (status) {
		if (++answered === started && started >= 1000) mark('answered');
		return oncomplete.call(this, status);
	};
	return connect.call(this, req, address, port);
};
const reallyExit = process.reallyExit;
process.reallyExit = function (code) {
	mark('exit');
	if (process.env.SCAN_PHASES_OUT) fs.writeFileSync(process.env.SCAN_PHASES_OUT, JSON.stringify(marks));
	return reallyExit.call(this, code);
};
