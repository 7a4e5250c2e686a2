import type {SocketState} from './socket-record.js';

// Every spelling seen across platforms, mapped to the Linux (net-tools) names.
// Keys are upper-cased with '-' and ' ' turned into '_'.
const ALIASES: Readonly<Record<string, SocketState>> = {
	LISTEN: 'LISTEN',
	LISTENING: 'LISTEN',
	ESTABLISHED: 'ESTABLISHED',
	ESTAB: 'ESTABLISHED',
	SYN_SENT: 'SYN_SENT',
	SYN_RECV: 'SYN_RECV',
	SYN_RECEIVED: 'SYN_RECV',
	SYN_RCVD: 'SYN_RECV',
	FIN_WAIT1: 'FIN_WAIT1',
	FIN_WAIT_1: 'FIN_WAIT1',
	FIN_WAIT2: 'FIN_WAIT2',
	FIN_WAIT_2: 'FIN_WAIT2',
	TIME_WAIT: 'TIME_WAIT',
	CLOSE: 'CLOSE',
	CLOSED: 'CLOSE',
	CLOSE_WAIT: 'CLOSE_WAIT',
	LAST_ACK: 'LAST_ACK',
	CLOSING: 'CLOSING',
	NEW_SYN_RECV: 'NEW_SYN_RECV',
	BOUND: 'BOUND',
	UNCONN: 'UNCONN',
	DELETE_TCB: 'CLOSE',
	// Windows netstat translates its state words. The console code page (850)
	// often arrives mangled: Ö as U+FFFD, "?" or "™", É as U+FFFD.
	// German
	ABHÖREN: 'LISTEN',
	'ABH\uFFFDREN': 'LISTEN',
	'ABH?REN': 'LISTEN',
	'ABH™REN': 'LISTEN',
	HERGESTELLT: 'ESTABLISHED',
	VERBUNDEN: 'ESTABLISHED',
	WARTEND: 'TIME_WAIT',
	SCHLIESSEN_WARTEN: 'CLOSE_WAIT',
	SYN_GESENDET: 'SYN_SENT',
	SYN_EMPFANGEN: 'SYN_RECV',
	FIN_WARTEN_1: 'FIN_WAIT1',
	FIN_WARTEN_2: 'FIN_WAIT2',
	SCHLIESSEND: 'CLOSING',
	GESCHLOSSEN: 'CLOSE',
	// French
	ÉCOUTE: 'LISTEN',
	ECOUTE: 'LISTEN',
	'\uFFFDCOUTE': 'LISTEN',
	ÉTABLI: 'ESTABLISHED',
	ÉTABLIE: 'ESTABLISHED',
	ETABLI: 'ESTABLISHED',
	ETABLIE: 'ESTABLISHED',
	'\uFFFDTABLI': 'ESTABLISHED',
	'\uFFFDTABLIE': 'ESTABLISHED',
	// Spanish, Portuguese, Italian
	ESCUCHANDO: 'LISTEN',
	ESTABLECIDO: 'ESTABLISHED',
	ESTABLECIDA: 'ESTABLISHED',
	ESCUTANDO: 'LISTEN',
	ESTABELECIDO: 'ESTABLISHED',
	ESTABELECIDA: 'ESTABLISHED',
	IN_ASCOLTO: 'LISTEN',
	STABILITO: 'ESTABLISHED',
	STABILITA: 'ESTABLISHED',
	// Czech
	NASLOUCHÁNÍ: 'LISTEN',
	NASLOUCHÁ: 'LISTEN',
	NAVÁZÁNO: 'ESTABLISHED',
};

/** Maps a state as printed by any platform's tools to the Linux name; null if unrecognised. */
export function normalizeState(raw: string): SocketState | null {
	const key = raw.trim().toUpperCase().replace(/[- ]/g, '_');
	return ALIASES[key] ?? null;
}
