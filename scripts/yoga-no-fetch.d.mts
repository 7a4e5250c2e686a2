import type {Plugin} from 'esbuild';

export const YOGA_FROM: string;
export const YOGA_TO: string;
export function yogaWithoutFetch(text: string): string;
export const yogaNoFetch: Plugin;
