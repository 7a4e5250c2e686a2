// A process's descendants from /proc (each thread's `children`, recursively): the kernel adds a
// child's CPU to its parent's only once it is reaped, so running children are read one by one.
import {readdirSync, readFileSync} from 'node:fs';

export function descendants(pid: number): number[] {
	const found: number[] = [];
	let parents = [pid];
	while (parents.length > 0) {
		const next: number[] = [];
		for (const parent of parents) {
			let tasks: string[] = [];
			try {
				tasks = readdirSync(`/proc/${parent}/task`);
			} catch {
				continue;
			}
			for (const task of tasks) {
				let text = '';
				try {
					text = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8');
				} catch {
					continue;
				}
				for (const child of text.split(' ').filter(Boolean).map(Number)) next.push(child);
			}
		}
		found.push(...next);
		parents = next;
	}
	return found;
}
