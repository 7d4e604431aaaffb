import { readdirSync, readFileSync } from 'node:fs';

/** Linux's /proc: a process and every process below it (a cluster primary and its workers); [] elsewhere. */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, ppid] of parents) if (ppid === tree[i]) tree.push(child);
  }
  return tree;
}
