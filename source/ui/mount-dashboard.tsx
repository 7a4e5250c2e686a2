import {type Instance, render, useStdout} from 'ink';
import {type ReactElement, type ReactNode, useEffect} from 'react';
import {App} from './app.js';
import {type DashboardConfig, type DashboardDeps, DepsContext} from './deps.js';

export interface MountOptions {
	readonly deps: DashboardDeps;
	readonly config: DashboardConfig;
	readonly stdout: NodeJS.WriteStream;
	readonly stdin: NodeJS.ReadStream;
	/** Ink's debug mode (whole frames, for tests that read the last frame). Default false. */
	readonly debug?: boolean;
	/** Only changed lines written (production). Default true. */
	readonly incrementalRendering?: boolean;
	readonly maxFps?: number;
	readonly onRender?: (metrics: {renderTime: number}) => void;
	/** The root component; a test swaps in one that throws to check the crash path. */
	readonly root?: (config: DashboardConfig) => ReactElement;
}

export interface MountedDashboard {
	readonly instance: Instance;
	/** Draws the whole frame again (after the terminal was taken away, e.g. Ctrl-Z then fg). */
	readonly redraw: () => void;
}

type Listener = () => void;

/**
 * Hands `onRedraw` a function that makes Ink write its whole last frame again. Ink 6.8 has
 * no public repaint; `useStdout().write` is the one public call that forgets what Ink
 * thinks is on the screen and writes the frame in full after the given text
 * (ink.js writeToStdout → log.clear → restoreLastOutput), synchronously. A blank frame
 * followed by the real one does not always do it: Ink throttles renders to maxFps, and
 * when both fall in one throttle window the blank one is never written, so nothing is.
 */
function Redrawable({onRedraw, children}: {onRedraw: (listener: Listener) => void; children: ReactNode}) {
	const {write} = useStdout();
	useEffect(() => onRedraw(() => write('')), [onRedraw, write]);
	return children;
}

/** The one way the dashboard is mounted: the real run, the test harness and the benches all call this. */
export function mountDashboard(options: MountOptions): MountedDashboard {
	const {deps, config} = options;
	let redrawListener: Listener = () => {};
	const onRedraw = (listener: Listener) => {
		redrawListener = listener;
	};
	const instance = render(
		<DepsContext.Provider value={deps}>
			<Redrawable onRedraw={onRedraw}>
				{options.root ? options.root(config) : <App config={config} />}
			</Redrawable>
		</DepsContext.Provider>,
		{
			stdout: options.stdout,
			stdin: options.stdin,
			debug: options.debug ?? false,
			incrementalRendering: options.incrementalRendering ?? true,
			maxFps: options.maxFps ?? 30,
			exitOnCtrlC: false,
			patchConsole: false,
			...(options.onRender ? {onRender: options.onRender} : {}),
		},
	);
	return {instance, redraw: () => redrawListener()};
}
