// TCP ports most likely to be open, most likely first. socktop's own ranking,
// from what commonly listens on servers, desktops, routers and dev machines;
// the tail is filled deterministically from well-known ranges (see buildTop1000).

const RANKED: readonly number[] = [
	// Web, remote access, mail, file sharing, databases: the usual suspects.
	80, 443, 22, 21, 25, 53, 3389, 445, 139, 135, 8080, 110, 143, 993, 995, 587, 465, 3306, 5432, 8443, 23, 111,
	2049, 5900, 631, 8000, 8888, 6379, 27017, 1433, 389, 636, 5985, 5986, 9090, 9100, 3000, 5000, 8081, 9200,
	11211, 2375, 6443, 10250, 873, 548, 515, 554, 1723, 5060, 179, 88, 464, 3268, 3269, 1521, 5672, 15672, 9092,
	2181, 5601, 9000, 8008, 8009, 1080, 3128, 8118, 1883, 8883, 5222, 5269, 6667, 990, 113, 199, 2000, 5666,
	10050, 4369, 5984, 9418, 2379, 8086, 8200, 8500, 9042, 7001, 1099, 5357, 49152, 49153, 49154, 1025, 6000,
	902, 2082, 2083, 10000, 8880, 32400,
	// The next tier, grouped by what listens there rather than strictly ranked.
	// Alternate SSH/HTTP and dev servers (Vite, Angular, livereload, debuggers, notebooks):
	2222, 2200, 8022, 81, 82, 591, 8001, 8002, 8010, 8082, 8083, 8084, 8085, 8088, 8090, 8091, 8181, 8280, 9080,
	9443, 4443, 7443, 10443, 3001, 4000, 4200, 5173, 5174, 4173, 8787, 8889, 7000, 7070, 7080, 9999, 1337, 3030,
	4567, 8069, 6006, 8501, 8050, 5005, 9229, 9222, 35729, 19000, 5555, 5037,
	// Databases and caches:
	3050, 5433, 5434, 6380, 7474, 7687, 8529, 9160, 9300, 26257, 28015, 11210, 6432, 33060, 50000, 1434,
	// Brokers, service discovery, schedulers, tracing and metrics:
	4222, 6222, 8222, 61616, 8161, 5671, 9093, 9094, 2380, 4001, 7946, 2377, 8300, 8301, 8302, 8600, 4646, 4647,
	4648, 8201, 9411, 14250, 14268, 16686, 4317, 4318, 9091, 3100, 8428, 2003, 2004, 9115, 9187, 9113, 9104,
	9121, 9182, 10255, 10256, 10257, 10259, 6783, 9099,
	// Mail:
	24, 106, 366, 2525, 4190, 10024, 10025, 11332, 11334,
	// Windows and Active Directory:
	1801, 2103, 2105, 2107, 5722, 9389, 47001, 49155, 49156, 49157, 49158, 5358, 2179, 3268,
	// Routers, switches and telephony:
	830, 8291, 8728, 8729, 2601, 2602, 2604, 2605, 4786, 6653, 5061, 1720, 2001,
	// Storage and NAS:
	860, 3260, 20048, 4045, 5001, 8384, 22000, 6690, 9001, 873,
	// Media, home automation, Apple devices:
	8096, 8920, 8123, 1400, 62078, 3689, 8554, 1935, 5353,
	// Games:
	27015, 3724, 6112, 7777, 25565,
	// VPNs, remote support, security scanners:
	943, 4433, 8834, 9390, 9392, 1194, 5938, 5631, 4899, 5800, 5901, 5902, 5903,
	// Developer infrastructure (registries, CI, code hosting):
	4873, 7990, 8153, 8154, 8111, 8761, 5000, 2376,
	// Legacy services still seen on old hosts:
	7, 9, 13, 17, 19, 37, 43, 49, 70, 79, 109, 119, 194, 512, 513, 514, 543, 544, 563, 992, 994, 1524,
	// Proxies, anonymity networks, X11 displays:
	1080, 9050, 9051, 9150, 6001, 6002, 6003,
];

// Tail fillers, in order: dev-server and alternate-HTTP blocks, then the whole
// well-known range ascending. Deterministic, so scans are repeatable.
const TAIL_RANGES: ReadonlyArray<readonly [number, number]> = [
	[8000, 8100],
	[3000, 3010],
	[5000, 5010],
	[9000, 9010],
	[5900, 5910],
	[6000, 6010],
	[49152, 49160],
	[1024, 1100],
	[1, 1023],
];

function buildTop(count: number): readonly number[] {
	// Flags rather than a Set: this runs once per start, in the interpreter, and the Set's
	// hashing was ≈2 % of a top1000 scan's CPU in a profile (docs/scan-start.md). Indexed
	// loops, not for…of: in the interpreter each step of an array's iterator makes a result
	// object (a cold `for…of` + add over 1,000 ports: 0.7–2.6 ms here, load ≈ 25).
	const seen = new Uint8Array(65536);
	const out: number[] = [];
	const add = (port: number) => {
		if (out.length < count && seen[port] === 0) {
			seen[port] = 1;
			out.push(port);
		}
	};
	for (let i = 0; i < RANKED.length; i++) add(RANKED[i]!);
	for (let r = 0; r < TAIL_RANGES.length; r++) {
		const range = TAIL_RANGES[r]!;
		for (let port = range[0]; port <= range[1] && out.length < count; port++) add(port);
	}
	return out;
}

const TOP_1000 = buildTop(1000);

/** The 100 / 1000 highest-ranked ports, in rank order (not sorted). */
export const top100: readonly number[] = TOP_1000.slice(0, 100);
export const top1000: readonly number[] = TOP_1000;
