import {Box, type Instance, render} from 'ink';
import {type ReactElement, type ReactNode, useEffect, useState} from 'react';
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

/** Renders one empty frame when asked, then the dashboard again: Ink then writes every line. */
function Redrawable({onRedraw, children}: {onRedraw: (listener: Listener) => void; children: ReactNode}) {
	const [blank, setBlank] = useState(false);
	useEffect(() => onRedraw(() => setBlank(true)), [onRedraw]);
	useEffect(() => {
		if (!blank) return;
		const timer = setTimeout(() => setBlank(false), 0);
		return () => clearTimeout(timer);
	}, [blank]);
	return (
		<Box display={blank ? 'none' : 'flex'} flexDirection="column">
			{children}
		</Box>
	);
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
